import Foundation

/// Where kmix keeps its own files: `$KMIX_HOME`, or `~/.cache/kmix`.
public struct KMixHome: Sendable, Equatable {
    /// The root folder.
    public var root: URL

    /// The folder named by the environment (`KMIX_HOME`, else `~/.cache/kmix`).
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> KMixHome {
        if let custom = environment["KMIX_HOME"], !custom.isEmpty {
            return KMixHome(root: URL(fileURLWithPath: custom, isDirectory: true))
        }
        let home = environment["HOME"].map { URL(fileURLWithPath: $0, isDirectory: true) }
            ?? FileManager.default.homeDirectoryForCurrentUser
        return KMixHome(root: home.appendingPathComponent(".cache/kmix", isDirectory: true))
    }

    /// The folder that holds fetched models, one sub-folder per model id.
    public var models: URL { root.appendingPathComponent("models", isDirectory: true) }

    /// The cache folder of a model id: `org/name` is stored as `org--name`.
    public func folder(forModelID id: String) -> URL {
        models.appendingPathComponent(id.replacingOccurrences(of: "/", with: "--"), isDirectory: true)
    }
}
