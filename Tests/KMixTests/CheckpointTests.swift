import Foundation
import KMixTestSupport
import Testing
@testable import KMix

@Suite struct CheckpointTests {
    /// A tiny training setup that writes checkpoints every `every` steps into `folder`, optionally resuming.
    func setup(steps: Int, folder: URL?, every: Int? = 10, keepLast: Int? = nil, resume: Checkpoint? = nil,
               evaluateEvery: Int? = nil) throws -> TrainingSetup {
        let base = try TinyWorkspace.setup(steps: steps, evaluateEvery: evaluateEvery, runFolder: folder)
        return TrainingSetup(model: base.model, plan: base.plan, train: base.train, dev: base.dev,
                             parameters: base.parameters, runFolder: folder,
                             checkpoints: CheckpointOptions(every: every, keepLast: keepLast, labelValues: ["0", "1"]),
                             resume: resume)
    }

    func losses(_ setup: TrainingSetup) throws -> [Int: Float] {
        let trainer = Trainer(setup)
        var cursor = 0, losses: [Int: Float] = [:]
        trainer.start()
        try #require(trainer.waitUntilFinished() != nil)
        let read = trainer.events.read(after: cursor)
        cursor = read.cursor
        for case let .step(report) in read.events { losses[report.step] = report.loss }
        return losses
    }

    func temporaryFolder() -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("kmix-ckpt-\(UUID().uuidString)")
    }

    @Test func sha256MatchesTheStandardVectors() {
        #expect(SHA256Digest.hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256Digest.hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(SHA256Digest.hex(String(repeating: "a", count: 1000)).hasPrefix("41edece42d63e8d9bf515a9ba6932e1c"))
    }

    @Test func resumedRunHasBitIdenticalLossesAtEveryLaterStep() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let uninterrupted = try losses(setup(steps: 40, folder: folder))
        #expect(uninterrupted.count == 40)
        let checkpoints = CheckpointFolder(runFolder: folder)
        #expect(checkpoints.steps() == [10, 20, 30, 40])
        let model = try TinyWorkspace.model()
        // Step 20 is 4 batches into the second epoch (16 batches per epoch): the position matters.
        for step in [10, 20] {
            let checkpoint = try Checkpoint.load(from: checkpoints.folder(step: step), model: model)
            #expect(checkpoint.step == step && checkpoint.epoch == (step - 1) / 16 && checkpoint.position == (step - 1) % 16 + 1)
            let resumed = try losses(setup(steps: 40, folder: nil, resume: checkpoint))
            #expect(resumed.keys.sorted() == Array((step + 1)...40))
            for later in (step + 1)...40 {
                #expect(resumed[later]!.bitPattern == uninterrupted[later]!.bitPattern, "step \(later) after resuming at \(step)")
            }
        }
    }

    @Test func eachSavePublishesOneEventNamingTheAdaptersAndTheCheckpoint() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainer = Trainer(try setup(steps: 20, folder: folder))
        trainer.start()
        try #require(trainer.waitUntilFinished() != nil)
        let saves = trainer.events.read(after: 0).events.compactMap { event -> (Int, String, String?)? in
            if case let .saved(step, path, checkpoint) = event { return (step, path, checkpoint) }
            return nil
        }
        #expect(saves.map(\.0) == [10, 20], "one event per save")
        for (step, path, checkpoint) in saves {
            #expect(path.hasSuffix("adapters.safetensors"))
            #expect(checkpoint == CheckpointFolder(runFolder: folder).folder(step: step).path)
        }
    }

    @Test func resumingRecordsEveryStepOnceInTheHistory() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try losses(setup(steps: 25, folder: folder))
        let checkpoint = try Checkpoint.load(from: CheckpointFolder(runFolder: folder).folder(step: 20),
                                             model: try TinyWorkspace.model())
        _ = try losses(setup(steps: 25, folder: folder, resume: checkpoint))
        let steps = try String(contentsOf: folder.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
            .split(separator: "\n").compactMap { line -> Int? in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
                return object["event"] as? String == "step" ? object["step"] as? Int : nil
            }
        #expect(steps == Array(1...25), "steps 21-25 of the first run were replaced, not repeated")
    }

    @Test func savedTensorsAndMomentsLoadBackBitIdentical() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let trainer = Trainer(try setup(steps: 12, folder: folder, every: 100))
        trainer.start()
        let summary = try #require(trainer.waitUntilFinished())
        let checkpoint = try Checkpoint.load(from: CheckpointFolder(runFolder: folder).folder(step: 12),
                                             model: TinyWorkspace.model())
        #expect(checkpoint.adapters.store == summary.adapters.store)
        #expect(checkpoint.optimizer.step == 12 && checkpoint.optimizer.firstMoment.contains { $0 != 0 })
        let again = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: again) }
        let copy = try CheckpointFolder(runFolder: again).write(checkpoint)
        let reloaded = try Checkpoint.load(from: copy, model: TinyWorkspace.model())
        #expect(reloaded.adapters.store == checkpoint.adapters.store)
        #expect(reloaded.optimizer == checkpoint.optimizer)
        #expect(reloaded.description == checkpoint.description)
        for file in Checkpoint.File.all {
            #expect(try Data(contentsOf: copy.appendingPathComponent(file))
                    == Data(contentsOf: CheckpointFolder(runFolder: folder).folder(step: 12).appendingPathComponent(file)),
                    "\(file) is written deterministically")
        }
    }

    @Test func keepLastRemovesOlderCheckpointsButKeepsTheBest() throws {
        let folder = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try losses(setup(steps: 30, folder: folder, every: 5, keepLast: 2))
        #expect(CheckpointFolder(runFolder: folder).steps() == [25, 30])
        let checkpoints = CheckpointFolder(runFolder: folder)
        let names = try FileManager.default.contentsOfDirectory(atPath: checkpoints.url.path)
        #expect(names.sorted() == ["step-25", "step-30"], "no leftovers")
        let best = temporaryFolder()
        defer { try? FileManager.default.removeItem(at: best) }
        var options = try setup(steps: 30, folder: best, every: 5, keepLast: 1, evaluateEvery: 5)
        options = TrainingSetup(model: options.model, plan: options.plan, train: options.train, dev: options.dev,
                                parameters: options.parameters, runFolder: best,
                                checkpoints: CheckpointOptions(every: 5, keepLast: 1, keepBest: true, labelValues: ["0", "1"]))
        _ = try losses(options)
        let kept = CheckpointFolder(runFolder: best).steps()
        let scores = kept.map { CheckpointFolder.devAccuracy(in: CheckpointFolder(runFolder: best).folder(step: $0)) }
        #expect(kept.last == 30 && kept.count <= 2 && scores.allSatisfy { $0 != nil })
    }
}
