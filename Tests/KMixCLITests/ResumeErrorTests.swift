import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix train --resume` on a run whose newest checkpoint is damaged, or that is already complete: one line on
/// standard error naming the file or run, a non-zero exit status, and the run folder left as it was.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct ResumeErrorTests {
    /// A run of four steps with checkpoints at steps 2 and 4, in a fresh folder; returns the run folder.
    static func run() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-resume-\(UUID().uuidString)")
        let run = root.appendingPathComponent("run")
        let arguments = try TinyFolders.training(in: root, epochs: 1)
            + ["--max-steps", "4", "--save-every", "2", "--out", run.path]
        let result = try KMixBinary.run(arguments)
        try #require(result.status == 0, "\(result.error)")
        try #require(CheckpointFolder(runFolder: run).steps() == [2, 4])
        return run
    }

    /// Every file under `folder` (relative path) and its bytes, but the writer lock (which holds the pid of the last
    /// process to try).
    static func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey])!
        for case let url as URL in enumerator where (try url.resourceValues(forKeys: [.isRegularFileKey])).isRegularFile == true
            && url.lastPathComponent != RunLock.fileName {
            files[String(url.path.dropFirst(folder.path.count))] = try Data(contentsOf: url)
        }
        return files
    }

    func expectRefusal(_ run: URL, mentions fragments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try Self.snapshot(run)
        let result = try KMixBinary.run(["train", "--resume", run.path])
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.error.split(separator: "\n").count == 1, "one line: \(result.error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.error.contains(fragment), "\(result.error) should mention \(fragment)", sourceLocation: sourceLocation)
        }
        #expect(try Self.snapshot(run) == before, "nothing overwritten", sourceLocation: sourceLocation)
    }

    @Test func runThatAlreadyReachedItsLastStep() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        try expectRefusal(run, mentions: [run.path, "already complete (step 4 of 4)"])
    }

    @Test func configurationWithACountOfZero() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: CheckpointFolder(runFolder: run).folder(step: 4))
        let url = run.appendingPathComponent("config.json")
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as! [String: Any]
        json["eval_every"] = 0
        try JSONSerialization.data(withJSONObject: json).write(to: url)
        try expectRefusal(run, mentions: [url.path, "'eval_every' is 0; it must be at least 1"])
    }

    @Test func newestCheckpointWithAMissingFile() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        let step = CheckpointFolder(runFolder: run).folder(step: 4)
        try FileManager.default.removeItem(at: step.appendingPathComponent(Checkpoint.File.optimizer))
        try expectRefusal(run, mentions: [step.path, Checkpoint.File.optimizer])
    }

    @Test func newestCheckpointWithATensorOfTheWrongShape() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        let url = CheckpointFolder(runFolder: run).folder(step: 4).appendingPathComponent(Checkpoint.File.adapters)
        let file = try SafeTensorsFile(url: url)
        var writer = SafeTensorsWriter(metadata: file.metadata)
        for name in file.tensorNames {
            let tensor = try file.tensor(name)
            try writer.add(name, shape: name == "head.classifier.weight" ? [tensor.shape[1], tensor.shape[0]] : tensor.shape,
                           floats: tensor.scalars)
        }
        try writer.write(to: url)
        try expectRefusal(run, mentions: [url.path, "head.classifier.weight", "shape"])
    }

    /// Sets `key` of the JSON object in `url` to `value`.
    func edit(_ url: URL, _ key: String, _ value: Any) throws {
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
        json[key] = value
        try JSONSerialization.data(withJSONObject: json).write(to: url)
    }

    @Test func checkpointWhoseEpochNoRunReaches() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: CheckpointFolder(runFolder: run).folder(step: 4))
        let checkpoint = CheckpointFolder(runFolder: run).folder(step: 2)
        try edit(checkpoint.appendingPathComponent(Checkpoint.File.trainerState), "epoch", 1_000_000)
        try expectRefusal(run, mentions: [checkpoint.path, "epoch 1000000", "which no run of 64 batches per epoch reaches"])
    }

    @Test func configurationWithMoreLabelsThanTheCheckpoint() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: CheckpointFolder(runFolder: run).folder(step: 4))
        let url = run.appendingPathComponent("config.json")
        try edit(url, "label_values", ["0", "1", "2"])
        try edit(url, "label_names", ["0", "1", "2"])
        try expectRefusal(run, mentions: [CheckpointFolder(runFolder: run).folder(step: 2).path, "2-way classifier", "3 labels"])
    }

    @Test func configurationWithUnusableOptimizerSettingsOrLabels() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        let url = run.appendingPathComponent("config.json")
        let original = try Data(contentsOf: url)
        try edit(url, "beta2", 1)
        try expectRefusal(run, mentions: [url.path, "'beta2' must be in [0, 1), not 1.0"])
        try original.write(to: url)
        try edit(url, "label_names", ["negative"])
        try expectRefusal(run, mentions: [url.path, "2 'label_values' and 1 'label_names'"])
    }

    @Test func metricsWithABadByteStillResumeAndKeepTheByte() throws {
        let run = try Self.run()
        defer { try? FileManager.default.removeItem(at: run.deletingLastPathComponent()) }
        try CheckpointFolder(runFolder: run).remove(step: 4)
        let metrics = run.appendingPathComponent("metrics.jsonl")
        let handle = try FileHandle(forWritingTo: metrics)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data([0x6E, 0x6F, 0x74, 0x65, 0xFF, 0x0A]))
        try handle.close()
        let resumed = try KMixBinary.run(["train", "--resume", run.path])
        #expect(resumed.status == 0, "\(resumed.error)")
        #expect(try Data(contentsOf: metrics).contains(0xFF), "the line kmix cannot read is kept as it was")
    }
}
