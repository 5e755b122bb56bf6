import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Reads a run's `metrics.jsonl` while another process (perhaps on another machine, seen through a shared or synced
/// folder) appends to it, one poll at a time, by plain file reads: no notifications, so network file systems work.
///
/// Each poll returns the complete lines written since the last one. A last line without its newline waits until it
/// is completed. A complete line that is not a JSON object is reported once (file and line) and skipped. A file that
/// was replaced or rewritten (a resumed run rewrites its history atomically: a new inode, a smaller size, or the
/// last line read no longer where it was) is read again from its start, and its lines that match, in order, the
/// lines already returned are not returned again.
public struct MetricsTail: Sendable {
    /// A complete line: its 1-based number in the file and its JSON object.
    public struct Line: Sendable, Equatable {
        public let number: Int
        public let record: JSONValue
    }

    /// What one poll found.
    public struct Poll: Sendable, Equatable {
        /// Lines not returned before, in file order.
        public var lines: [Line] = []
        /// One sentence for each complete line that is not a JSON object (skipped).
        public var warnings: [String] = []
        /// Whether the run folder exists (false: it vanished, or was never there).
        public var folderExists = true
        /// Whether `metrics.jsonl` exists.
        public var fileExists = false
        /// Whether the file was found replaced or rewritten, and read again from its start.
        public var restarted = false
    }

    /// The file read.
    public let url: URL
    private var identity: (device: UInt64, inode: UInt64)?
    /// Where the last complete line read starts, its length without the newline, and its hash: each poll checks that
    /// it is still there.
    private var anchor: (start: Int, length: Int, hash: UInt64)?
    private var offset = 0
    /// Bytes of a last line still without its newline.
    private var partial: [UInt8] = []
    /// Lines of the current file read so far.
    private var lineCount = 0
    /// The hashes of every complete line read from the current file, in order.
    private var hashes: [UInt64] = []
    /// After a restart: the hashes of the lines read before it, which the file's lines skip while they match.
    private var replay: [UInt64]?

    /// A reader of the `metrics.jsonl` of the run folder `folder`, from its start.
    public init(folder: URL) {
        url = folder.appendingPathComponent("metrics.jsonl")
    }

    /// Reads what was written since the last poll.
    public mutating func poll() -> Poll {
        var poll = Poll()
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.deletingLastPathComponent().path, isDirectory: &isFolder),
              isFolder.boolValue else {
            poll.folderExists = false
            return poll
        }
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            if identity != nil { restart() }
            return poll
        }
        defer { try? handle.close() }
        var status = stat()
        guard fstat(handle.fileDescriptor, &status) == 0 else { return poll }
        poll.fileExists = true
        let current = (device: UInt64(status.st_dev), inode: UInt64(status.st_ino)), size = Int(status.st_size)
        if let identity, identity != current || size < offset {
            restart()
            poll.restarted = true
        }
        identity = current
        guard size > offset || anchor != nil else { return poll }
        let start = anchor?.start ?? offset
        guard (try? handle.seek(toOffset: UInt64(start))) != nil, let data = try? handle.readToEnd() else { return poll }
        var bytes = [UInt8](data)
        if let anchor {
            guard bytes.count > anchor.length, bytes[anchor.length] == UInt8(ascii: "\n"),
                  Self.hash(bytes[..<anchor.length]) == anchor.hash else {
                restart()
                poll.restarted = true
                var again = self.poll()
                again.restarted = true
                return again
            }
            bytes.removeFirst(min(bytes.count, offset - anchor.start))
        }
        read(bytes, into: &poll)
        return poll
    }

    /// Forgets the current file's position: the next read starts at the beginning, skipping lines read before.
    private mutating func restart() {
        // While a replay is under way the lines read match its start, so it still holds every line returned.
        replay = replay ?? hashes
        identity = nil
        anchor = nil
        offset = 0
        partial = []
        lineCount = 0
        hashes = []
    }

    /// Splits `bytes` (read from `offset` on) into complete lines; keeps a last partial line for the next poll.
    private mutating func read(_ bytes: [UInt8], into poll: inout Poll) {
        var lineStart = offset - partial.count
        partial += bytes
        var cursor = partial.startIndex
        while let newline = partial[cursor...].firstIndex(of: UInt8(ascii: "\n")) {
            let line = partial[cursor..<newline]
            let hash = Self.hash(line)
            lineCount += 1
            hashes.append(hash)
            anchor = (start: lineStart, length: line.count, hash: hash)
            lineStart += line.count + 1
            cursor = newline + 1
            if let replay {
                if replay.count >= lineCount, replay[lineCount - 1] == hash { continue }
                self.replay = nil
            }
            take(line, into: &poll)
        }
        offset = lineStart + (partial.count - cursor)
        partial = Array(partial[cursor...])
    }

    /// Adds a complete line to the poll's lines, or its warning when it is not a JSON object; blank lines are skipped.
    private func take(_ line: ArraySlice<UInt8>, into poll: inout Poll) {
        let text = line.last == UInt8(ascii: "\r") ? line.dropLast() : line
        if text.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { return }
        guard let record = try? JSONValue.parse(Array(text)), record.objectMembers != nil else {
            poll.warnings.append("\(url.path) line \(lineCount) is not a JSON object; skipped")
            return
        }
        poll.lines.append(Line(number: lineCount, record: record))
    }

    /// FNV-1a of `bytes`: the same in every process, unlike `Hasher`.
    private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        bytes.reduce(0xcbf2_9ce4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01b3 }
    }
}
