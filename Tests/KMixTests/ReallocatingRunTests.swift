import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// A run whose ranks move during training: the trainer reallocates on schedule, records it, keeps the count, and
/// resumes exactly.
@Suite struct ReallocatingRunTests {
    /// The tiny workspace with every head at rank 2 (a `cls` head), reallocating every 4 steps up to step 24,
    /// checkpoints every 10 steps.
    func setup(steps: Int, folder: URL?, resume: Checkpoint? = nil) throws -> TrainingSetup {
        let base = try TinyWorkspace.setup(steps: steps, runFolder: folder)
        var parameters = base.parameters
        parameters.reallocation = Reallocation(every: 4, until: 24, minRank: 1, maxRank: 4)
        var plan = AdapterPlan(preset: .uniform(rank: 2), shape: TinyModel.shape)
        plan.taskHead = .cls
        return TrainingSetup(model: base.model, plan: plan, train: base.train, dev: base.dev, parameters: parameters,
                             runFolder: folder, checkpoints: CheckpointOptions(every: 10, labelValues: ["0", "1"]),
                             resume: resume)
    }

    func run(_ setup: TrainingSetup) throws -> (losses: [Int: Float], reallocations: [ReallocationReport], summary: TrainingSummary) {
        let trainer = Trainer(setup)
        trainer.start()
        let summary = try #require(trainer.waitUntilFinished())
        var losses: [Int: Float] = [:], reallocations: [ReallocationReport] = []
        for event in trainer.events.read(after: 0).events {
            if case let .step(report) = event { losses[report.step] = report.loss }
            if case let .reallocated(report) = event { reallocations.append(report) }
        }
        return (losses, reallocations, summary)
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kmix-realloc-\(UUID().uuidString)")
    }

    @Test func ranksMoveOnScheduleUnderTheSameCountAndTheRunRecordsThem() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let setup = try self.setup(steps: 30, folder: folder)
        let (_, reallocations, summary) = try run(setup)
        #expect(reallocations.map(\.step) == [4, 8, 12, 16, 20, 24])
        #expect(reallocations.contains { $0.movedRanks > 0 }, "the ranks moved at least once")
        for report in reallocations {
            #expect(report.plan.adapterParameters == setup.plan.adapterParameters, "step \(report.step)")
        }
        #expect(summary.adapters.plan == reallocations.last?.plan)
        let shape = TinyModel.shape
        let final = try AdapterPlan.load(from: folder.appendingPathComponent("plan.json"), for: shape)
        let initial = try AdapterPlan.load(from: folder.appendingPathComponent("plan.initial.json"), for: shape)
        #expect(final == summary.adapters.plan && initial == setup.plan)
        let metrics = try String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        #expect(metrics.split(separator: "\n").filter { $0.contains("\"event\": \"reallocation\"") }.count == 6)
        let model = try TinyWorkspace.model()
        let checkpoint = try Checkpoint.load(from: CheckpointFolder(runFolder: folder).folder(step: 30), model: model)
        #expect(checkpoint.adapters.plan == final && checkpoint.sensitivity != nil)
    }

    @Test func aResumedReallocatingRunHasTheSameLossesAsTheUninterruptedOne() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let uninterrupted = try run(setup(steps: 30, folder: folder))
        let model = try TinyWorkspace.model()
        for step in [10, 20] {
            let checkpoint = try Checkpoint.load(from: CheckpointFolder(runFolder: folder).folder(step: step), model: model)
            let resumed = try run(setup(steps: 30, folder: nil, resume: checkpoint))
            #expect(resumed.losses.keys.sorted() == Array((step + 1)...30))
            for later in (step + 1)...30 {
                #expect(resumed.losses[later]!.bitPattern == uninterrupted.losses[later]!.bitPattern,
                        "step \(later) after resuming at \(step)")
            }
            #expect(resumed.summary.adapters.plan == uninterrupted.summary.adapters.plan)
        }
    }
}
