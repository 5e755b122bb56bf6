import Foundation

/// Reads JSON Lines: one JSON object per line, whose keys are the columns.
///
/// The columns are the keys of the first object, sorted; every later object must have the selected keys (other
/// keys are ignored). Texts must be JSON strings; labels may be strings or integers.
struct JSONLinesReader: RecordReader {
    let columns: [String]
    let headerLine = 1
    private let file: String
    private let bytes: [UInt8]
    private var lines: LineScanner
    private var pending: (line: Int, object: [String: Any])?

    /// A reader of `data`, which has read the first object for its keys.
    init(_ data: DataFile, file: String) throws(DataError) {
        self.file = file
        bytes = data.bytes
        lines = LineScanner(data.bytes, from: data.start)
        guard let first = lines.next() else { throw .emptyFile(file: file) }
        let object = try Self.object(in: bytes, line: first, file: file)
        pending = (first.number, object)
        columns = object.keys.sorted()
    }

    mutating func next(_ selected: [SelectedColumn]) throws(DataError) -> (line: Int, values: [String])? {
        let row: (line: Int, object: [String: Any])
        if let pending {
            row = pending
            self.pending = nil
        } else {
            guard let line = lines.next() else { return nil }
            row = (line.number, try Self.object(in: bytes, line: line, file: file))
        }
        var values: [String] = []
        values.reserveCapacity(selected.count)
        for column in selected {
            values.append(try value(of: column, in: row.object, line: row.line))
        }
        return (row.line, values)
    }

    /// The value of `column` as text: a string as is, an integer label in decimal.
    private func value(of column: SelectedColumn, in object: [String: Any], line: Int) throws(DataError) -> String {
        guard let value = object[column.name] else { throw .missingField(file: file, line: line, column: column.name) }
        if let text = value as? String { return text }
        switch column.role {
        case .text:
            throw .invalidFieldType(file: file, line: line, column: column.name, expected: "a string")
        case .label:
            guard let integer = JSONInteger.signed(value) else {
                throw .invalidFieldType(file: file, line: line, column: column.name, expected: "a string or an integer")
            }
            return String(integer)
        }
    }

    /// The JSON object on `line`.
    private static func object(in bytes: [UInt8], line: LineScanner.Line, file: String) throws(DataError) -> [String: Any] {
        guard !line.range.isEmpty else { throw .blankLine(file: file, line: line.number) }
        let parsed = try? JSONSerialization.jsonObject(with: Data(bytes[line.range]))
        guard let object = parsed as? [String: Any] else { throw .malformedJSON(file: file, line: line.number) }
        return object
    }
}
