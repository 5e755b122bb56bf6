import Foundation

/// One source/target pair of a conditional generation task (E2E: a meaning representation and one reference).
public struct GenerationExample: Sendable, Equatable {
    /// The text the model is given.
    public let source: String
    /// The text it should write.
    public let target: String
    /// The example's line in its file (the first line of a multi-line CSV record).
    public let line: Int
}

/// The examples of one generation data file, with its distinct sources and their references (the unit the E2E
/// challenge scores: one output per source against all its references).
public struct GenerationDataset: Sendable {
    /// The examples in file order.
    public let examples: [GenerationExample]
    /// The file they came from.
    public let source: String

    /// The columns a task preset reads.
    public struct Columns: Sendable, Equatable {
        public var source: String
        public var target: String

        /// The E2E challenge's columns, `mr` and `ref`.
        public static let e2e = Columns(source: "mr", target: "ref")

        /// Columns by header name.
        public init(source: String, target: String) {
            self.source = source
            self.target = target
        }
    }

    /// The distinct sources in order of first appearance, each with every target written for it.
    public var referencesBySource: [(source: String, references: [String])] {
        var order: [String] = [], references: [String: [String]] = [:]
        for example in examples {
            if references[example.source] == nil { order.append(example.source) }
            references[example.source, default: []].append(example.target)
        }
        return order.map { ($0, references[$0] ?? []) }
    }

    /// Reads the source/target pairs of a `.csv`, `.tsv` or `.jsonl` file by column name (never by position).
    /// - Throws: `DataError`, naming the file and line, when the file is missing or unreadable, lacks a column,
    ///   breaks its format, has an empty source or target, or holds no example.
    /// - Precondition: `maxRows`, when given, is positive.
    public static func load(_ url: URL, format: DataFormat? = nil, columns: Columns,
                            maxRows: Int? = nil) throws(DataError) -> GenerationDataset {
        precondition(maxRows.map { $0 > 0 } ?? true, "maxRows must be positive")
        let file = url.path
        let chosenFormat: DataFormat
        if let format { chosenFormat = format } else { chosenFormat = try DataFormat(inferredFrom: url) }
        let data = try DataFile(url), limit = maxRows ?? Int.max
        switch chosenFormat {
        case .tsv:
            var reader = try TSVReader(data, file: file)
            return try read(&reader, file: file, columns: columns, limit: limit)
        case .csv:
            var reader = try CSVReader(data, file: file)
            return try read(&reader, file: file, columns: columns, limit: limit)
        case .jsonl:
            var reader = try JSONLinesReader(data, file: file)
            return try read(&reader, file: file, columns: columns, limit: limit)
        }
    }

    private static func read<Reader: RecordReader>(_ reader: inout Reader, file: String, columns: Columns,
                                                   limit: Int) throws(DataError) -> GenerationDataset {
        let selected = [
            try ColumnSelection.position(of: columns.source, role: .text, in: reader.columns, file: file,
                                         line: reader.headerLine),
            try ColumnSelection.position(of: columns.target, role: .text, in: reader.columns, file: file,
                                         line: reader.headerLine),
        ]
        var examples: [GenerationExample] = []
        while examples.count < limit, let row = try reader.next(selected) {
            for (value, column) in zip(row.values, [columns.source, columns.target]) where value.isEmpty {
                throw .emptyText(file: file, line: row.line, column: column)
            }
            examples.append(GenerationExample(source: row.values[0], target: row.values[1], line: row.line))
        }
        guard !examples.isEmpty else { throw .noExamples(file: file) }
        return GenerationDataset(examples: examples, source: file)
    }
}
