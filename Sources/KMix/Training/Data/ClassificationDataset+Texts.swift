import Foundation

extension ClassificationDataset {
    /// Reads the texts of a data file that may have no labels, for prediction: each row's text (and pair
    /// text) in file order, with label 0 and its line.
    ///
    /// - Parameters:
    ///   - url: A `.tsv`, `.csv` or `.jsonl` file (see `DataFormat`) with a header.
    ///   - columns: The text and optional pair columns, by header name (`label` is not used).
    /// - Throws: `DataError`, naming the file and line, as `load` does, except that no label is read.
    public static func loadTexts(_ url: URL, columns: ColumnSelection = ColumnSelection())
        throws(DataError) -> [ClassificationExample] {
        let file = url.path
        let data = try DataFile(url)
        switch try DataFormat(inferredFrom: url) {
        case .tsv:
            var reader = try TSVReader(data, file: file)
            return try texts(&reader, file: file, columns: columns)
        case .csv:
            var reader = try CSVReader(data, file: file)
            return try texts(&reader, file: file, columns: columns)
        case .jsonl:
            var reader = try JSONLinesReader(data, file: file)
            return try texts(&reader, file: file, columns: columns)
        }
    }

    private static func texts<Reader: RecordReader>(_ reader: inout Reader, file: String, columns: ColumnSelection)
        throws(DataError) -> [ClassificationExample] {
        let (text, pair) = try columns.resolveTexts(in: reader.columns, file: file, line: reader.headerLine)
        var examples: [ClassificationExample] = []
        while let row = try reader.next([text] + (pair.map { [$0] } ?? [])) {
            examples.append(ClassificationExample(text: row.values[0], pair: pair == nil ? nil : row.values[1],
                                                  label: 0, line: row.line))
        }
        guard !examples.isEmpty else { throw .noExamples(file: file) }
        return examples
    }
}
