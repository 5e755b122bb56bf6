import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix watch`: prints a run's header and its events as `kmix train` does, follows a file another thread appends
/// to (half-written lines, garbage, a rewrite), and exits 0 once the run has finished.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct WatchCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-watch-\(UUID().uuidString)")
    var metrics: URL { folder.appendingPathComponent("metrics.jsonl") }

    static func step(_ step: Int, elapsed: Double = 1) -> String {
        "{\"event\": \"step\", \"step\": \(step), \"epoch\": \(Double(step) / 4), \"loss\": 0.5, \"lr\": 0.001, "
            + "\"grad_norm\": 0.25, \"tokens_per_second\": 100.0, \"elapsed\": \(elapsed)}\n"
    }

    static let finalEval = "{\"event\": \"eval\", \"step\": 6, \"accuracy\": 0.75, \"loss\": 0.5, \"examples\": 8}\n"

    /// A run folder of 6 steps (`max_steps`) with a dev set, and `lines` in its `metrics.jsonl` when given.
    func makeRun(_ lines: String?) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configuration = RunConfiguration(model: "/nowhere/model", task: "sst2", trainFile: "/nowhere/train.tsv",
                                             devFile: "/nowhere/dev.tsv", textColumn: nil, pairColumn: nil,
                                             labelColumn: nil, devTextColumn: nil, labelValues: ["0", "1"],
                                             labelNames: ["0", "1"], maxLength: 16, maxTrainRows: nil,
                                             parameters: TrainingParameters(epochs: 2, maxSteps: 6, batchSize: 2))
        try configuration.encoded().write(to: folder.appendingPathComponent("config.json"))
        if let lines { try lines.write(to: metrics, atomically: false, encoding: .utf8) }
    }

    func append(_ text: String) throws {
        let handle = try FileHandle(forWritingTo: metrics)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(text.utf8))
        try handle.close()
    }

    func saveAdapters(step: Int) throws {
        var writer = SafeTensorsWriter(metadata: ["format": "kmix-adapters", "step": "\(step)"])
        try writer.add("head.weight", shape: [1], floats: [0])
        try writer.write(to: folder.appendingPathComponent("adapters.safetensors"))
    }

    @Test func onceShowsTheHeaderAndTheEventsSoFar() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeRun(Self.step(1) + Self.step(2) + "not json\n" + Self.step(3) + String(Self.step(4).prefix(20)))
        let result = try KMixBinary.run(["watch", folder.path, "--once"])
        #expect(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first == "run     \(folder.path) (kmix \(KMixVersion.current), seed 42)")
        #expect(lines.contains("task    sst2: train /nowhere/train.tsv, dev /nowhere/dev.tsv"))
        #expect(lines.contains("plan    plan.json (its model's folder is not readable here: no parameter count)"))
        #expect(lines.contains("length  6 steps (max_steps), batch 2"))
        #expect(lines.filter { $0.hasPrefix("step ") } == (1...3).map {
            String(format: "step %d/6  epoch %.2f  loss 0.5000  lr 1.00e-03  |g| 0.250  100 tokens/s", $0, Double($0) / 4)
        }, "a half-written step 4 is not shown:\n\(result.output)")
        #expect(result.error == "warning: \(metrics.path) line 3 is not a JSON object; skipped\n")
    }

    @Test func onceBeforeTheRunStartsSaysSo() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeRun(nil)
        let result = try KMixBinary.run(["watch", folder.path, "--once"])
        #expect(result.status == 0)
        #expect(result.output.contains("waiting for \(metrics.path): the run has not started yet"))
        let missing = try KMixBinary.run(["watch", folder.appendingPathComponent("nothing").path, "--once"])
        #expect(missing.status == 1 && missing.error.contains("nothing is not a folder"))
    }

    /// A writer thread creates the run folder and then the file after `kmix watch` has started, writes a line in
    /// two halves, a garbage line, rewrites the file as a resume does, then ends the run: `kmix watch` prints each
    /// step once and exits 0.
    @Test(.timeLimit(.minutes(1))) func followsAFileAnotherThreadAppendsToUntilTheRunFinishes() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let process = Process()
        process.executableURL = KMixBinary.url
        process.arguments = ["watch", folder.path, "--interval", "0.05"]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        let pause = 0.5
        Thread.sleep(forTimeInterval: pause)
        try makeRun(nil)
        Thread.sleep(forTimeInterval: pause)
        try (Self.step(1) + String(Self.step(2).prefix(25))).write(to: metrics, atomically: false, encoding: .utf8)
        Thread.sleep(forTimeInterval: pause)
        try append(String(Self.step(2).dropFirst(25)) + "{\"event\": \"step\"}\n" + Self.step(3) + Self.step(4))
        Thread.sleep(forTimeInterval: pause)
        // A resume from step 3 rewrites the history without step 4, atomically, then trains steps 4 to 6 again.
        let kept = Self.step(1) + Self.step(2) + "{\"event\": \"step\"}\n" + Self.step(3)
        try kept.write(to: metrics, atomically: true, encoding: .utf8)
        Thread.sleep(forTimeInterval: pause)
        try append(Self.step(4, elapsed: 2) + Self.step(5) + Self.step(6) + Self.finalEval)
        try saveAdapters(step: 6)
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(err)")
        let steps = out.split(separator: "\n").filter { $0.hasPrefix("step ") }.map { $0.split(separator: " ")[1] }
        #expect(steps == ["1/6", "2/6", "3/6", "4/6", "4/6", "5/6", "6/6"], "the redone step 4 once more, nothing else twice:\n\(out)")
        #expect(out.hasPrefix("waiting for \(folder.path) to appear\n"), "\(out)")
        #expect(out.contains("waiting for \(metrics.path): the run has not started yet"))
        #expect(out.contains("metrics.jsonl was rewritten"))
        #expect(out.hasSuffix("eval  step 6  accuracy 75.00 %  loss 0.5000  (8 examples)\nfinished: step 6/6, adapters saved\n"), "\(out)")
        #expect(err == "warning: \(metrics.path) line 3: 'step' is missing or not a number; skipped\n")
    }

    @Test(.timeLimit(.minutes(1))) func aQuietRunIsSaidOnceAndAVanishedFolderEndsTheWatch() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeRun(Self.step(1))
        let process = Process()
        process.executableURL = KMixBinary.url
        process.arguments = ["watch", folder.path, "--interval", "0.1", "--quiet-after", "0.5"]
        let output = Pipe(), error = Pipe()
        process.standardOutput = output
        process.standardError = error
        try process.run()
        Thread.sleep(forTimeInterval: 1.5)
        try append(Self.step(2))
        Thread.sleep(forTimeInterval: 0.5)
        try FileManager.default.removeItem(at: folder)
        let out = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let err = String(decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 1)
        #expect(err.contains("the run folder \(folder.path) is gone (removed, renamed or unmounted); stopped watching"))
        let quiet = out.split(separator: "\n").filter { $0.hasPrefix("no new line for ") }
        #expect(quiet.count == 1 && quiet[0].contains("(last: step 1 at ") && quiet[0].hasSuffix(
            "; the writer may have stopped or the filesystem may be behind"), "\(out)")
        #expect(out.contains("new lines again after "))
        #expect(out.contains("step 2/6"))
    }
}
