import Foundation

/// Tab completion of file paths: the entries of the folder a partly typed path points into.
enum PathCompletion {
    /// The paths that complete `partial`, spelled as typed (a leading `~/` kept), folders ending in "/",
    /// sorted. Names starting with "." are offered only when the typed name starts with one. A relative
    /// path is read from `directory`; an unreadable folder offers nothing.
    static func matches(_ partial: String, in directory: String) -> [String] {
        let slash = partial.lastIndex(of: "/")
        let folderPart = slash.map { String(partial[...$0]) } ?? ""
        let namePart = slash.map { String(partial[partial.index(after: $0)...]) } ?? partial
        let folder = resolve(folderPart, in: directory)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder) else { return [] }
        let showHidden = namePart.hasPrefix(".")
        return names
            .filter { $0.hasPrefix(namePart) && (showHidden || !$0.hasPrefix(".")) }
            .sorted()
            .map { name in
                var isFolder: ObjCBool = false
                let exists = FileManager.default.fileExists(atPath: (folder as NSString).appendingPathComponent(name),
                                                            isDirectory: &isFolder)
                return folderPart + name + (exists && isFolder.boolValue ? "/" : "")
            }
    }

    /// The folder `typed` names ("" is `directory` itself), with `~` expanded.
    private static func resolve(_ typed: String, in directory: String) -> String {
        let expanded = (typed as NSString).expandingTildeInPath
        if expanded.isEmpty { return directory }
        return expanded.hasPrefix("/") ? expanded : (directory as NSString).appendingPathComponent(expanded)
    }
}
