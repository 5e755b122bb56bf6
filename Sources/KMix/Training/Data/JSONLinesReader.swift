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
    private var pending: (line: Int, object: JSONValue)?

    /// A reader of `data`, which has read the first object for its keys.
    init(_ data: DataFile, file: String) throws(DataError) {
        self.file = file
        bytes = data.bytes
        lines = LineScanner(data.bytes, from: data.start)
        guard let first = lines.next() else { throw .emptyFile(file: file) }
        let object = try Self.object(in: bytes, line: first, file: file)
        pending = (first.number, object)
        columns = Set(object.objectMembers?.map(\.key) ?? []).sorted()
    }

    mutating func next(_ selected: [SelectedColumn]) throws(DataError) -> (line: Int, values: [String])? {
        let row: (line: Int, object: JSONValue)
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

    /// The value of `column` as text: a string as is, an integer label in decimal. A key given twice has its last
    /// value, as in most JSON readers.
    private func value(of column: SelectedColumn, in object: JSONValue, line: Int) throws(DataError) -> String {
        guard let value = object[column.name] else { throw .missingField(file: file, line: line, column: column.name) }
        if let text = value.stringValue { return text }
        switch column.role {
        case .text:
            throw .invalidFieldType(file: file, line: line, column: column.name, expected: "a string")
        case .label:
            guard let integer = value.numberValue?.int64 else {
                throw .invalidFieldType(file: file, line: line, column: column.name, expected: "a string or an integer")
            }
            return String(integer)
        }
    }

    /// The JSON object on `line`.
    private static func object(in bytes: [UInt8], line: LineScanner.Line, file: String) throws(DataError) -> JSONValue {
        guard !line.range.isEmpty else { throw .blankLine(file: file, line: line.number) }
        guard let object = try? JSONValue.parse(Array(bytes[line.range])), object.objectMembers != nil else {
            throw .malformedJSON(file: file, line: line.number)
        }
        return object
    }
}
