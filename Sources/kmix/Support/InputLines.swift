import Foundation
import KMix

/// Reads one text per line from a file, a pipe or standard input (`-`), a batch at a time, so that memory does not
/// grow with the input. Lines end at `\n`, `\r\n` or `\r`, split on bytes (Swift reads "\r\n" as one character);
/// a final line end does not start another (empty) line. FIFOs, `/dev/stdin` and `<(…)` are read as streams.
final class InputLines {
    /// Lines `embed` and `predict` read, encode and write at a time: memory stays flat however long the input is,
    /// and a part sorted by length still packs into batches of near-equal lengths.
    static let partSize = 1_024

    private let handle: FileHandle
    private let name: String
    private var pending: [UInt8] = []
    private var lines: [String] = []
    private var ended = false
    private var lineNumber = 0
    private var afterCarriageReturn = false

    /// A reader of `path` (`-` for standard input).
    init(_ path: String) throws {
        if path == "-" {
            handle = .standardInput
            name = "standard input"
            return
        }
        name = path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw CommandError("the input file \(path) does not exist")
        }
        guard !isFolder.boolValue else { throw CommandError("the input file \(path) is a folder") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw CommandError("the input file \(path) could not be read (\(String(cString: strerror(errno))))")
        }
        self.handle = handle
    }

    /// Every line of `path`.
    static func read(_ path: String) throws -> [String] {
        let reader = try InputLines(path)
        var all: [String] = []
        while let batch = try reader.next(upTo: 65_536) { all += batch }
        return all
    }

    /// The next at most `count` lines, or nil at the end of the input.
    func next(upTo count: Int) throws -> [String]? {
        while lines.count < count && !ended {
            let chunk: Data
            do { chunk = try handle.read(upToCount: 1 << 16) ?? Data() } catch {
                throw CommandError("the input \(name) could not be read (\(FileErrorReason.of(error)))")
            }
            if chunk.isEmpty {
                ended = true
                if !pending.isEmpty { try finishLine() }
            } else {
                try split(chunk)
            }
        }
        guard !lines.isEmpty else { return nil }
        let batch = Array(lines.prefix(count))
        lines.removeFirst(batch.count)
        return batch
    }

    private func split(_ chunk: Data) throws {
        for byte in chunk {
            switch byte {
            case UInt8(ascii: "\n") where afterCarriageReturn:
                afterCarriageReturn = false
            case UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                try finishLine()
                afterCarriageReturn = byte == UInt8(ascii: "\r")
            default:
                afterCarriageReturn = false
                pending.append(byte)
            }
        }
    }

    private func finishLine() throws {
        lineNumber += 1
        guard let line = String(validating: pending, as: UTF8.self) else {
            throw CommandError("line \(lineNumber) of \(name) is not UTF-8 text")
        }
        lines.append(line)
        pending.removeAll(keepingCapacity: true)
    }
}
