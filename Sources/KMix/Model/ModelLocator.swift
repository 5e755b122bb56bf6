import Foundation

/// Turns what a user typed for `MODEL` into a model folder.
///
/// In order: an existing folder path; kmix's own cache (`KMixHome`); the
/// Hugging Face hub cache (`$HF_HUB_CACHE`, `$HF_HOME/hub`, or
/// `~/.cache/huggingface/hub`, layout `models--ORG--NAME/snapshots/REV/`).
public struct ModelLocator: Sendable {
    /// The model used when none is named.
    public static let defaultModelID = "sentence-transformers/all-MiniLM-L6-v2"

    /// kmix's cache.
    public var home: KMixHome
    /// The process environment (for the Hugging Face cache variables).
    public var environment: [String: String]

    /// A locator reading the process's environment.
    public init(home: KMixHome = .fromEnvironment(),
                environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.home = home
        self.environment = environment
    }

    /// The folder for `reference` (a path or a model id; nil means the default model).
    public func locate(_ reference: String?) throws -> URL {
        let name = reference ?? Self.defaultModelID
        var isFolder: ObjCBool = false
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: name, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw ModelError.modelNotFound(reference: name, searched: [name],
                                               hint: "it is a file; pass the folder that holds config.json")
            }
            return URL(fileURLWithPath: name, isDirectory: true).standardizedFileURL
        }
        let kmixFolder = home.folder(forModelID: name)
        if fileManager.fileExists(atPath: kmixFolder.appendingPathComponent("config.json").path) {
            return kmixFolder
        }
        let hubFolder = huggingFaceCache.appendingPathComponent(
            "models--" + name.replacingOccurrences(of: "/", with: "--"), isDirectory: true)
        if let snapshot = newestSnapshot(in: hubFolder) { return snapshot }
        let looksLikePath = name.hasPrefix("/") || name.hasPrefix(".") || name.hasPrefix("~")
        let hint: String
        if name == Self.defaultModelID {
            hint = "run 'kmix fetch-model' to install it"
        } else if looksLikePath {
            hint = "no such folder"
        } else {
            hint = "pass the path of a Hugging Face model folder, or download it into the Hugging Face cache"
        }
        throw ModelError.modelNotFound(reference: name,
                                       searched: looksLikePath ? [name] : [kmixFolder.path, hubFolder.path],
                                       hint: hint)
    }

    /// The Hugging Face hub cache folder the environment names.
    var huggingFaceCache: URL {
        if let hub = environment["HF_HUB_CACHE"], !hub.isEmpty { return URL(fileURLWithPath: hub, isDirectory: true) }
        if let hf = environment["HF_HOME"], !hf.isEmpty {
            return URL(fileURLWithPath: hf, isDirectory: true).appendingPathComponent("hub", isDirectory: true)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".cache/huggingface/hub", isDirectory: true)
    }

    /// The snapshot that `refs/main` names, else the most recently modified one with a config.json.
    private func newestSnapshot(in modelFolder: URL) -> URL? {
        let snapshots = modelFolder.appendingPathComponent("snapshots", isDirectory: true)
        let fileManager = FileManager.default
        if let revision = try? String(contentsOf: modelFolder.appendingPathComponent("refs/main"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines) {
            let folder = snapshots.appendingPathComponent(revision, isDirectory: true)
            if fileManager.fileExists(atPath: folder.appendingPathComponent("config.json").path) { return folder }
        }
        let candidates = (try? fileManager.contentsOfDirectory(
            at: snapshots, includingPropertiesForKeys: [.contentModificationDateKey])) ?? []
        return candidates
            .filter { fileManager.fileExists(atPath: $0.appendingPathComponent("config.json").path) }
            .max { modified($0) < modified($1) }
    }

    private func modified(_ url: URL) -> Date {
        (try? url.resourceValues(forKeys: [.contentModificationDateKey]).contentModificationDate) ?? .distantPast
    }
}
