/// Reads tab-separated values: a header line, then one row per line, fields split on TAB with no quoting.
///
/// Quotes are ordinary characters (GLUE's SST-2 has sentences with `"` in them). Every row must have exactly
/// as many fields as the header.
struct TSVReader: RecordReader {
    let columns: [String]
    let headerLine = 1
    private let file: String
    private let bytes: [UInt8]
    private var lines: LineScanner

    /// A reader of `data`, which has read the header.
    init(_ data: DataFile, file: String) throws(DataError) {
        self.file = file
        let bytes = data.bytes
        self.bytes = bytes
        lines = LineScanner(bytes, from: data.start)
        guard let header = lines.next() else { throw .emptyFile(file: file) }
        guard !header.range.isEmpty else { throw .blankLine(file: file, line: header.number) }
        columns = try Self.checkedHeader(
            Self.fields(of: bytes, in: header.range).map { String(utf8Bytes: bytes[$0]) }, file: file, line: header.number)
    }

    mutating func next(_ selected: [SelectedColumn]) throws(DataError) -> (line: Int, values: [String])? {
        guard let line = lines.next() else { return nil }
        guard !line.range.isEmpty else { throw .blankLine(file: file, line: line.number) }
        let fields = Self.fields(of: bytes, in: line.range)
        guard fields.count == columns.count else {
            throw .wrongFieldCount(file: file, line: line.number, found: fields.count, expected: columns.count)
        }
        return (line.number, selected.map { String(utf8Bytes: bytes[fields[$0.index]]) })
    }

    /// The byte ranges of the TAB-separated fields of `range`.
    private static func fields(of bytes: [UInt8], in range: Range<Int>) -> [Range<Int>] {
        var fields: [Range<Int>] = []
        var start = range.lowerBound
        for position in range where bytes[position] == .tab {
            fields.append(start..<position)
            start = position + 1
        }
        fields.append(start..<range.upperBound)
        return fields
    }
}
