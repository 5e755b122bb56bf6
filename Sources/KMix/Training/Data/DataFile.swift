import Foundation

/// The bytes of a data file, checked to be UTF-8, without the blank lines at its end.
///
/// Editors often leave an empty line or two after the last row; those are dropped here, so that the readers need
/// not tell them from a blank line between rows, which stays an error.
struct DataFile {
    /// The file's bytes, up to the end of its last line that is not blank (its terminator dropped).
    let bytes: [UInt8]
    /// Where the text starts: 3 after a UTF-8 byte-order mark, else 0.
    let start: Int

    /// Reads `url`, which must exist and hold UTF-8 text (a leading byte-order mark is skipped).
    init(_ url: URL) throws(DataError) {
        let path = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { throw .missingFile(file: path) }
        guard !isFolder.boolValue else { throw .unreadableFile(file: path, reason: "it is a folder") }
        var contents: [UInt8]
        do {
            contents = try [UInt8](Data(contentsOf: url))
        } catch {
            throw .unreadableFile(file: path, reason: FileErrorReason.of(error))
        }
        while let last = contents.last, last == .lineFeed || last == .carriageReturn { contents.removeLast() }
        bytes = contents
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var lines = LineScanner(bytes, from: start)
        while let line = lines.next() {
            guard Self.isUTF8(bytes[line.range]) else { throw .notUTF8(file: path, line: line.number) }
        }
    }

    /// Whether `bytes` are valid UTF-8 (ASCII runs are skipped without decoding).
    private static func isUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let firstNonASCII = bytes.firstIndex(where: { $0 >= 0x80 }) else { return true }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes[firstNonASCII...].makeIterator()
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}
