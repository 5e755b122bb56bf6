import Foundation
import KMix

/// Where tests find the all-MiniLM-L6-v2 model folder.
///
/// Tests that need the real model are skipped when it is absent, unless
/// `KMIX_REQUIRE_MODEL=1` (set by `scripts/test`, so by CI): then they run and
/// fail, so that a missing model can never pass for a green run.
public enum TestModel {
    /// The files a complete model folder has.
    public static let requiredFiles = ["config.json", "model.safetensors", "tokenizer.json", "vocab.txt", "tokenizer_config.json"]

    /// The first complete folder among `$KMIX_TEST_MODEL` and the default model in kmix's cache.
    public static func folder() -> URL? {
        let environment = ProcessInfo.processInfo.environment
        var candidates: [URL] = []
        if let path = environment["KMIX_TEST_MODEL"], !path.isEmpty {
            candidates.append(URL(fileURLWithPath: path, isDirectory: true))
        }
        candidates.append(KMixHome.fromEnvironment().folder(forModelID: ModelLocator.defaultModelID))
        return candidates.first { candidate in
            requiredFiles.allSatisfy { FileManager.default.fileExists(atPath: candidate.appendingPathComponent($0).path) }
        }
    }

    /// Whether tests that need the model should run.
    public static var isAvailable: Bool {
        ProcessInfo.processInfo.environment["KMIX_REQUIRE_MODEL"] == "1" || folder() != nil
    }

    /// The model folder, or an error saying how to get it.
    public static func requireFolder() throws -> URL {
        guard let folder = folder() else { throw MissingModel() }
        return folder
    }

    /// The model is needed and absent.
    public struct MissingModel: Error, CustomStringConvertible {
        public var description: String { "the test model is missing: run 'kmix fetch-model' or set KMIX_TEST_MODEL" }
    }
}
