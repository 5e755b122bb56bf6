import Foundation
import KMix

/// Checks the files commands write (`--output FILE`, `kmix plan … --out FILE`), and writes command output to
/// standard output or, atomically, to a file.
enum OutputFile {
    /// Refuses a path given with `option` that cannot become a file: a folder, or a path in a folder that does not
    /// exist. Commands check before their work, so that a long run does not end in an error.
    static func check(_ path: String?, option: String) throws {
        guard let path else { return }
        let fileManager = FileManager.default
        var isFolder: ObjCBool = false
        if fileManager.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
            throw CommandError("\(option) \(path) is a folder; give a file path")
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard fileManager.fileExists(atPath: parent, isDirectory: &isFolder) else {
            throw CommandError("\(option) \(path) is in a folder that does not exist (\(parent))")
        }
        guard isFolder.boolValue else { throw CommandError("\(option) \(path) is inside \(parent), which is a file") }
    }

    /// Writes `text` to `path` (through a temporary file and a rename), or to standard output when nil; every
    /// write checked (`OutputSink`).
    static func write(_ text: String, to path: String?) throws {
        let sink = try OutputSink(path: path)
        try sink.write(text)
        try sink.finish()
    }
}
