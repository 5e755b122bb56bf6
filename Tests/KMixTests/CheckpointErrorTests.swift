import Foundation
import KMixTestSupport
import Testing
@testable import KMix

@Suite struct CheckpointErrorTests {
    /// A fresh copy of a checkpoint of a short tiny run, and its folder.
    static func checkpoint() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-ckpt-bad-\(UUID().uuidString)")
        let base = try TinyWorkspace.setup(steps: 3, runFolder: folder)
        let setup = TrainingSetup(model: base.model, plan: base.plan, train: base.train, dev: nil,
                                  parameters: base.parameters, runFolder: folder,
                                  checkpoints: CheckpointOptions(labelValues: ["0", "1"]))
        let trainer = Trainer(setup)
        trainer.start()
        try #require(trainer.waitUntilFinished() != nil)
        return CheckpointFolder(runFolder: folder).folder(step: 3)
    }

    /// Loads `folder` expecting `expected`, and checks the files were left as they were.
    func expectFailure(_ folder: URL, model: PretrainedModel? = nil, _ expected: (CheckpointError) -> Bool) throws {
        let before = try snapshot(folder)
        do {
            _ = try Checkpoint.load(from: folder, model: model ?? TinyWorkspace.model())
            Issue.record("loaded a bad checkpoint")
        } catch let error as CheckpointError {
            #expect(expected(error), "\(error)")
            #expect(error.description.contains(folder.path), "names the file: \(error)")
        }
        #expect(try snapshot(folder) == before, "nothing overwritten")
    }

    func snapshot(_ folder: URL) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            files[name] = try Data(contentsOf: folder.appendingPathComponent(name))
        }
        return files
    }

    @Test func missingFileIsNamed() throws {
        let folder = try Self.checkpoint()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        try FileManager.default.removeItem(at: folder.appendingPathComponent(Checkpoint.File.optimizer))
        try expectFailure(folder) { $0 == .missingFile(folder: folder.path, file: Checkpoint.File.optimizer) }
    }

    @Test func tensorOfTheWrongShapeIsNamed() throws {
        let folder = try Self.checkpoint()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let url = folder.appendingPathComponent(Checkpoint.File.adapters)
        let file = try SafeTensorsFile(url: url)
        var writer = SafeTensorsWriter(metadata: file.metadata)
        for name in file.tensorNames {
            let tensor = try file.tensor(name)
            let shape = name == "layers.0.q.heads.0.A" ? [tensor.shape[1], tensor.shape[0]] : tensor.shape
            try writer.add(name, shape: shape, floats: tensor.scalars)
        }
        try writer.write(to: url)
        try expectFailure(folder) {
            if case let .tensorMismatch(_, tensor, reason) = $0 { return tensor == "layers.0.q.heads.0.A" && reason.contains("shape") }
            return false
        }
    }

    @Test func planThatDoesNotMatchTheTensorsIsRefused() throws {
        let folder = try Self.checkpoint()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let url = folder.appendingPathComponent(Checkpoint.File.configuration)
        let text = try String(contentsOf: url, encoding: .utf8)
        let edited = text.replacingOccurrences(of: "\"q\": [2, 0]", with: "\"q\": [1, 0]")
        #expect(edited != text)
        try edited.write(to: url, atomically: true, encoding: .utf8)
        try expectFailure(folder) { $0 == .planMismatch(path: folder.appendingPathComponent(Checkpoint.File.adapters).path) }
    }

    @Test func checkpointOfAnotherBaseModelIsRefused() throws {
        let folder = try Self.checkpoint()
        defer { try? FileManager.default.removeItem(at: folder.deletingLastPathComponent().deletingLastPathComponent()) }
        let tiny = try TinyWorkspace.model()
        let other = PretrainedModel(folder: URL(fileURLWithPath: "/other"), configuration: tiny.configuration,
                                    tokenizer: tiny.tokenizer, encoder: try TinyModel.encoder(seed: 8))
        try expectFailure(folder, model: other) {
            if case .otherBaseModel = $0 { return true }
            return false
        }
    }
}
