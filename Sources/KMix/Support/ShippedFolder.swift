import Foundation

/// Folders that ship in kmix's repository beside the code (`Datasets`, `Themes`), found from the running program.
///
/// A program built with SwiftPM runs from `.build/<triple>/<configuration>/` (also reached through the
/// `.build/release` link), three folders below the repository, so the folder is looked for beside the executable
/// and in up to four folders above it, after resolving links.
public enum ShippedFolder {
    /// The places `name` may be, nearest to the executable first.
    public static func candidates(_ name: String, executable: URL? = runningExecutable) -> [URL] {
        guard var folder = executable?.resolvingSymlinksInPath().deletingLastPathComponent() else { return [] }
        var candidates: [URL] = []
        for _ in 0..<5 {
            candidates.append(folder.appendingPathComponent(name, isDirectory: true))
            folder = folder.deletingLastPathComponent()
        }
        return candidates
    }

    /// The first existing folder called `name` beside or above the executable.
    public static func locate(_ name: String, executable: URL? = runningExecutable) -> URL? {
        candidates(name, executable: executable).first { candidate in
            var isFolder: ObjCBool = false
            return FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isFolder) && isFolder.boolValue
        }
    }

    /// The running program's file (`/proc/self/exe` on Linux, so that a program started through `$PATH` or a link
    /// is found where it really is).
    public static var runningExecutable: URL? {
        let procfs = URL(fileURLWithPath: "/proc/self/exe")
        if FileManager.default.fileExists(atPath: procfs.path) { return procfs.resolvingSymlinksInPath() }
        return Bundle.main.executableURL
    }
}
