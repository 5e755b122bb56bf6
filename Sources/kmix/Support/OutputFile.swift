import Foundation

/// Writes command output to standard output or, atomically, to a file.
enum OutputFile {
    /// Writes `text` to `path` (through a temporary file and a rename), or to standard output when nil.
    static func write(_ text: String, to path: String?) throws {
        guard let path else {
            FileHandle.standardOutput.write(Data(text.utf8))
            return
        }
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw CommandError("could not write \(path) (\(error.localizedDescription))")
        }
    }
}
