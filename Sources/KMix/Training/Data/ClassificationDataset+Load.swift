import Foundation

extension ClassificationDataset {
    /// Reads the labelled examples of a data file.
    ///
    /// - Parameters:
    ///   - url: A `.tsv`, `.csv` or `.jsonl` file (see `DataFormat`); LF, CRLF and lone CR line endings are all read.
    ///   - format: The file's format; nil chooses it by extension (`.json` means JSON Lines).
    ///   - columns: Which columns, by header name, hold the text, the optional pair text and the label.
    ///   - labels: The label values the file may hold, or `.inferred` to take its own sorted distinct values.
    ///   - maxRows: Keep only the first `maxRows` examples in file order; rows after them are not read.
    /// - Throws: `DataError`, naming the file and line, when the file is missing, not UTF-8, empty, has no
    ///   examples, lacks a column, has a row with a field too many or too few, breaks its format's quoting or
    ///   JSON, or has an empty label or one outside a fixed set. The loader never guesses: an empty text is kept,
    ///   anything else irregular is an error.
    /// - Precondition: `maxRows`, when given, is positive.
    public static func load(
        _ url: URL, format: DataFormat? = nil, columns: ColumnSelection = ColumnSelection(), labels: LabelSet,
        maxRows: Int? = nil
    ) throws(DataError) -> ClassificationDataset {
        precondition(maxRows.map { $0 > 0 } ?? true, "maxRows must be positive")
        let file = url.path
        let chosenFormat: DataFormat
        if let format { chosenFormat = format } else { chosenFormat = try DataFormat(inferredFrom: url) }
        try labels.validate(file: file)
        let data = try DataFile(url)
        let limit = maxRows ?? Int.max
        switch chosenFormat {
        case .tsv:
            var reader = try TSVReader(data, file: file)
            return try read(&reader, file: file, columns: columns, labels: labels, limit: limit)
        case .csv:
            var reader = try CSVReader(data, file: file)
            return try read(&reader, file: file, columns: columns, labels: labels, limit: limit)
        case .jsonl:
            var reader = try JSONLinesReader(data, file: file)
            return try read(&reader, file: file, columns: columns, labels: labels, limit: limit)
        }
    }

    /// The data set of up to `limit` rows of `reader`.
    private static func read<Reader: RecordReader>(
        _ reader: inout Reader, file: String, columns: ColumnSelection, labels: LabelSet, limit: Int
    ) throws(DataError) -> ClassificationDataset {
        let resolved = try columns.resolve(in: reader.columns, file: file, line: reader.headerLine)
        let selected = resolved.ordered
        var texts: [String] = []
        var pairs: [String] = []
        var rawLabels: [String] = []
        var lines: [Int] = []
        while lines.count < limit, let row = try reader.next(selected) {
            guard !row.values[1].isEmpty else { throw .emptyLabel(file: file, line: row.line) }
            texts.append(row.values[0])
            rawLabels.append(row.values[1])
            if resolved.pair != nil { pairs.append(row.values[2]) }
            lines.append(row.line)
        }
        guard !lines.isEmpty else { throw .noExamples(file: file) }
        let assigned = try labels.assign(rawLabels, lines: lines, file: file)
        let examples = lines.indices.map { row in
            ClassificationExample(
                text: texts[row], pair: resolved.pair == nil ? nil : pairs[row], label: assigned.indices[row],
                line: lines[row])
        }
        return ClassificationDataset(
            examples: examples, labelValues: assigned.values, labelNames: assigned.names, source: file)
    }
}
