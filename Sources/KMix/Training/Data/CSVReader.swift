/// Reads comma-separated values as RFC 4180 defines them: a header row, then one record per row.
///
/// A field in double quotes may hold commas, line breaks and doubled quotes (`""` for one `"`); lines are
/// counted through quoted line breaks, so messages name the line a record starts on. A quote inside an unquoted
/// field, or text after a closing quote, is an error rather than a guess. LF, CRLF and lone CR all end a row.
struct CSVReader: RecordReader {
    let columns: [String]
    let headerLine: Int
    private let file: String
    private let bytes: [UInt8]
    private var position: Int
    private var line = 1

    /// A reader of `data`, which has read the header.
    init(_ data: DataFile, file: String) throws(DataError) {
        self.file = file
        bytes = data.bytes
        position = data.start
        headerLine = line
        var header: [String] = []
        guard try Self.record(in: bytes, at: &position, line: &line, file: file, into: &header) else {
            throw .emptyFile(file: file)
        }
        columns = try Self.checkedHeader(header, file: file, line: headerLine)
    }

    mutating func next(_ selected: [SelectedColumn]) throws(DataError) -> (line: Int, values: [String])? {
        let start = line
        var fields: [String] = []
        guard try Self.record(in: bytes, at: &position, line: &line, file: file, into: &fields) else { return nil }
        guard fields.count == columns.count else {
            throw .wrongFieldCount(file: file, line: start, found: fields.count, expected: columns.count)
        }
        return (start, selected.map { fields[$0.index] })
    }

    /// Reads the record at `position` into `fields`, moving `position` past its terminator and `line` to the line
    /// after it; false at the end of the bytes.
    private static func record(
        in bytes: [UInt8], at position: inout Int, line: inout Int, file: String, into fields: inout [String]
    ) throws(DataError) -> Bool {
        guard position < bytes.count else { return false }
        guard bytes[position] != .lineFeed, bytes[position] != .carriageReturn else {
            throw .blankLine(file: file, line: line)
        }
        while true {
            if bytes[position] == .quote {
                fields.append(try quotedField(in: bytes, at: &position, line: &line, file: file))
            } else {
                let start = position
                scan: while position < bytes.count {
                    switch bytes[position] {
                    case .comma, .lineFeed, .carriageReturn: break scan
                    case .quote: throw .strayQuote(file: file, line: line)
                    default: position += 1
                    }
                }
                fields.append(String(utf8Bytes: bytes[start..<position]))
            }
            guard position < bytes.count else { return true }
            switch bytes[position] {
            case .comma:
                position += 1
                guard position < bytes.count else {
                    fields.append("")
                    return true
                }
            case .lineFeed, .carriageReturn:
                position = LineScanner.skipTerminator(in: bytes, at: position)
                line += 1
                return true
            default:
                throw .strayQuote(file: file, line: line)
            }
        }
    }

    /// Reads the quoted field at `position` (on its opening quote), counting the line breaks inside it.
    private static func quotedField(
        in bytes: [UInt8], at position: inout Int, line: inout Int, file: String
    ) throws(DataError) -> String {
        let startLine = line
        var value: [UInt8] = []
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == .quote {
                guard position + 1 < bytes.count, bytes[position + 1] == .quote else {
                    position += 1
                    return String(utf8Bytes: value[...])
                }
                value.append(.quote)
                position += 2
                continue
            }
            let isCRLF = byte == .carriageReturn && position + 1 < bytes.count && bytes[position + 1] == .lineFeed
            if byte == .lineFeed || (byte == .carriageReturn && !isCRLF) { line += 1 }
            value.append(byte)
            position += 1
        }
        throw .unterminatedQuote(file: file, line: startLine)
    }
}
