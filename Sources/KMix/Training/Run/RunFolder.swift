import Foundation

/// New run folders named after when they start: `runs/tui-YYYYMMDD-HHMMSS` for `kmix-tui`'s runs, with `-2`, `-3`…
/// when that name is taken.
public enum RunFolder {
    /// The folder name of a run started at `date`, to the second, in the local time zone, after `prefix`.
    public static func name(startedAt date: Date, prefix: String = "tui") -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        return "\(prefix)-\(formatter.string(from: date))"
    }

    /// Creates a new folder in `parent` (created with its parents if needed) called `name`, or `name-2`, `name-3`…
    /// when taken, and returns it. Each try creates the folder itself, which fails if it exists, so runs started
    /// within the same second, even by two processes, never share a folder.
    public static func create(in parent: URL, named name: String) throws -> URL {
        try FileManager.default.createDirectory(at: parent, withIntermediateDirectories: true)
        var number = 1
        while true {
            let folder = parent.appendingPathComponent(number == 1 ? name : "\(name)-\(number)", isDirectory: true)
            do {
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: false)
                return folder
            } catch where FileManager.default.fileExists(atPath: folder.path) {
                number += 1
            }
        }
    }
}
