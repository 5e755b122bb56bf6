import Foundation
import KMix

/// Reads one text per line from a file or standard input.
enum InputLines {
    /// The lines of `path` (`-` for standard input), without line terminators.
    /// A final line terminator does not start another (empty) line.
    static func read(_ path: String) throws -> [String] {
        let data: Data
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
        } else {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
                throw CommandError("the input file \(path) does not exist")
            }
            guard !isFolder.boolValue else { throw CommandError("the input file \(path) is a folder") }
            do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
                throw CommandError("the input file \(path) could not be read (\(FileErrorReason.of(error)))")
            }
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw CommandError("the input \(path == "-" ? "on standard input" : path) is not UTF-8 text")
        }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        if text.hasSuffix("\n") || text.isEmpty { lines.removeLast() }
        return lines
    }
}
