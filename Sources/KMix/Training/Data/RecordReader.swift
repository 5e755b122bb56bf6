/// The header and rows of a data file, whatever its format.
protocol RecordReader {
    /// The column names: the header row, or the keys of the first JSON object.
    var columns: [String] { get }
    /// The line the column names come from.
    var headerLine: Int { get }

    /// The next row's values in the `selected` columns, in their order, with the line the row starts on;
    /// nil after the last row.
    mutating func next(_ selected: [SelectedColumn]) throws(DataError) -> (line: Int, values: [String])?
}

extension RecordReader {
    /// `names`, checked to hold no name twice.
    static func checkedHeader(_ names: [String], file: String, line: Int) throws(DataError) -> [String] {
        var seen = Set<String>()
        for name in names where !seen.insert(name).inserted {
            throw .duplicateColumn(file: file, line: line, column: name)
        }
        return names
    }
}

extension String {
    /// The text of UTF-8 bytes already checked to be valid.
    init(utf8Bytes bytes: ArraySlice<UInt8>) {
        self.init(decoding: bytes, as: UTF8.self)
    }
}
