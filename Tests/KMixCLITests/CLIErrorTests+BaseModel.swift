import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// A PEFT export names its base model by hub id when kmix knows it (here: from the Hugging Face cache layout), else
/// by folder; `--base-model ID` names another.
extension CLIErrorTests {
    /// `base_model_name_or_path` of the PEFT adapter in `folder`.
    static func baseModel(of folder: URL) throws -> String? {
        let data = try Data(contentsOf: folder.appendingPathComponent("adapter_config.json"))
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any])?["base_model_name_or_path"] as? String
    }

    @Test func peftExportNamesTheBaseModelsHubID() throws {
        let root = folder.appendingPathComponent("hub"), run = folder.appendingPathComponent("hub-run")
        var arguments = try TinyFolders.training(in: root, epochs: 1)
        try TinyModel.raggedPlan(head: .pooler, trainPooler: true).write(to: root.appendingPathComponent("plan.json"))
        let snapshot = folder.appendingPathComponent("hf/models--tiny-org--tiny-bert/snapshots/0123abc")
        try TinyFolders.model(in: snapshot)
        arguments[arguments.firstIndex(of: "--model")! + 1] = snapshot.path
        let trained = try KMixBinary.run(arguments + ["--max-steps", "1", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")

        let named = folder.appendingPathComponent("hub-peft"), overridden = folder.appendingPathComponent("hub-peft-2")
        #expect(try KMixBinary.run(["export", "--run", run.path, "--format", "peft", "--out", named.path]).status == 0)
        #expect(try Self.baseModel(of: named) == "tiny-org/tiny-bert")
        let result = try KMixBinary.run(["export", "--run", run.path, "--format", "peft", "--out", overridden.path,
                                         "--base-model", "me/my-bert"])
        #expect(result.status == 0, "\(result.error)")
        #expect(try Self.baseModel(of: overridden) == "me/my-bert")
        let verified = try KMixBinary.run(["verify-export", overridden.path, "--run", run.path, "--threads", "1"])
        #expect(verified.status == 0, "the id does not change what verify-export compares: \(verified.error)")
    }
}

/// The default model (as `kmix fetch-model` installs it) in a PEFT export names `sentence-transformers/all-MiniLM-L6-v2`, not the cache folder nor the model
/// its `config.json` was fine-tuned from.
@Suite(.enabled(if: KMixBinary.isBuilt && TestModel.isAvailable)) struct DefaultModelExportTests {
    @Test func peftExportOfTheDefaultModelNamesItsHubID() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-default-export-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = folder.appendingPathComponent("run"), export = folder.appendingPathComponent("peft")
        let trained = try KMixBinary.run(["train", "--task", "sst2", "--preset", "lora-r8",
                                          "--max-steps", "1", "--max-train-rows", "32", "--batch-size", "8", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        let exported = try KMixBinary.run(["export", "--run", run.path, "--format", "peft", "--out", export.path])
        try #require(exported.status == 0, "\(exported.error)")
        #expect(try CLIErrorTests.baseModel(of: export) == ModelLocator.defaultModelID)
    }
}
