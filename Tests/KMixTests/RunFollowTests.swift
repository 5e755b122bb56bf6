import Foundation
import Testing
@testable import KMix

/// `RunFollow` and `QuietRule`: when a followed run has finished, and when it has gone quiet.
@Suite struct RunFollowTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-follow-\(UUID().uuidString)")

    /// A run folder of 4 steps (`--max-steps 4`) with a dev set, its `metrics.jsonl` holding `lines`.
    func makeRun(_ lines: [String]) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configuration = RunConfiguration(model: "/nowhere/model", task: nil, trainFile: "/nowhere/train.tsv",
                                             devFile: "/nowhere/dev.tsv", textColumn: nil, pairColumn: nil,
                                             labelColumn: nil, devTextColumn: nil, labelValues: ["0", "1"],
                                             labelNames: ["0", "1"], maxLength: 16, maxTrainRows: nil,
                                             parameters: TrainingParameters(epochs: 2, maxSteps: 4, batchSize: 2))
        try configuration.encoded().write(to: folder.appendingPathComponent("config.json"))
        try lines.joined().write(to: folder.appendingPathComponent("metrics.jsonl"), atomically: false, encoding: .utf8)
    }

    func saveAdapters(step: Int) throws {
        var writer = SafeTensorsWriter(metadata: ["format": "kmix-adapters", "step": "\(step)"])
        try writer.add("head.weight", shape: [1], floats: [0])
        try writer.write(to: folder.appendingPathComponent("adapters.safetensors"))
    }

    static func eval(_ step: Int) -> String {
        "{\"event\": \"eval\", \"step\": \(step), \"accuracy\": 0.75, \"loss\": 0.5, \"examples\": 8}\n"
    }

    @Test func aRunFinishesWithItsLastStepFinalEvaluationAndSavedAdapters() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeRun((1...4).map { MetricsTailTests.step($0) })
        var follow = RunFollow(folder: folder, quietAfter: nil)
        let steps = follow.poll(now: 0)
        #expect(steps.events.count == 4 && follow.totalSteps == 4 && !steps.finished)
        #expect(steps.events.first?.description == "step 1/4  epoch 0.10  loss 0.5000  lr 1.00e-03  |g| 0.000  100 tokens/s")
        try saveAdapters(step: 4)
        #expect(!follow.poll(now: 1).finished, "the final evaluation is not there yet")
        let handle = try FileHandle(forWritingTo: folder.appendingPathComponent("metrics.jsonl"))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(Self.eval(4).utf8))
        try handle.close()
        let last = follow.poll(now: 2)
        #expect(last.finished && last.events.map(\.description) == ["eval  step 4  accuracy 75.00 %  loss 0.5000  (8 examples)"])
    }

    /// A copy kept by rsync may hold an earlier `adapters.safetensors` of the same size and second; the final
    /// checkpoint (of this run: its identity) says the run has finished.
    @Test func aRunWhoseFinalCheckpointIsThereHasFinishedWhateverItsAdapters() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeRun((1...4).map { MetricsTailTests.step($0) } + [Self.eval(4)])
        try saveAdapters(step: 2)
        var follow = RunFollow(folder: folder, quietAfter: nil)
        #expect(!follow.poll(now: 0).finished)
        let runID = try #require(try RunConfiguration.load(fromRun: folder).runID)
        let checkpoint = folder.appendingPathComponent("checkpoints/step-4")
        try FileManager.default.createDirectory(at: checkpoint, withIntermediateDirectories: true)
        try Data("{\"step\": 4, \"run_id\": \"\(UUID().uuidString)\"}".utf8)
            .write(to: checkpoint.appendingPathComponent("trainer_state.json"))
        #expect(!follow.poll(now: 1).finished, "another run's checkpoint does not count")
        try Data("{\"step\": 4, \"run_id\": \"\(runID)\"}".utf8).write(to: checkpoint.appendingPathComponent("trainer_state.json"))
        #expect(follow.poll(now: 2).finished)
    }

    @Test func aRunStoppedEarlyHasNotFinished() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeRun((1...2).map { MetricsTailTests.step($0) } + [Self.eval(2)])
        try saveAdapters(step: 2)
        var follow = RunFollow(folder: folder, quietAfter: nil)
        #expect(!follow.poll(now: 0).finished)
    }

    @Test func aLineWithoutItsFieldsIsAWarning() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeRun([MetricsTailTests.step(1), "{\"event\": \"step\", \"step\": 2}\n"])
        var follow = RunFollow(folder: folder, quietAfter: nil)
        let update = follow.poll(now: 0)
        #expect(update.events.count == 1)
        #expect(update.warnings == ["\(folder.path)/metrics.jsonl line 2: 'loss' is missing or not a number; skipped"])
    }

    @Test func theQuietThresholdFollowsTheStepPaceAndIsAtLeastThirtySeconds() {
        func report(_ step: Int, elapsed: Double) -> StepReport {
            StepReport(step: step, totalSteps: 100, epoch: 0, loss: 0, learningRate: 0, gradientNorm: 0,
                       sentencesPerSecond: 0, tokensPerSecond: 0, elapsed: elapsed)
        }
        var fast = QuietRule(quietAfter: nil)
        #expect(fast.threshold == 30)
        _ = fast.read(lines: 3, steps: [report(1, elapsed: 1), report(2, elapsed: 2), report(3, elapsed: 3)], now: 0, date: Date())
        #expect(fast.threshold == 30, "3 × 1 s is less than the minimum")
        var slow = QuietRule(quietAfter: nil)
        let times = [0.0, 20, 40, 100, 120]
        _ = slow.read(lines: 5, steps: times.enumerated().map { report($0.offset + 1, elapsed: $0.element) }, now: 0, date: Date())
        #expect(slow.threshold == 60, "the median of 20, 20, 60, 20 s is 20 s")
        #expect(QuietRule(quietAfter: 5).threshold == 5)
    }

    @Test func quietIsSaidOnceAndTheResumeToo() {
        var rule = QuietRule(quietAfter: 10)
        #expect(rule.check(now: 100) == nil, "nothing is quiet before the first line")
        let step = StepReport(step: 7, totalSteps: 9, epoch: 0, loss: 0, learningRate: 0, gradientNorm: 0,
                              sentencesPerSecond: 0, tokensPerSecond: 0, elapsed: 1)
        #expect(rule.read(lines: 1, steps: [step], now: 100, date: Date()) == nil)
        #expect(rule.check(now: 109) == nil)
        #expect(rule.check(now: 130) == .wentQuiet(seconds: 30))
        #expect(rule.check(now: 140) == nil, "said once")
        #expect(rule.sentence(.wentQuiet(seconds: 130)).hasPrefix("no new line for 2 min 10 s (last: step 7 at "))
        #expect(rule.read(lines: 1, steps: [], now: 150, date: Date()) == .resumed(seconds: 50))
        #expect(rule.sentence(.resumed(seconds: 50)) == "new lines again after 50 s")
        #expect(!rule.isQuiet)
    }
}
