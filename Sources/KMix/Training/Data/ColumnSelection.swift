/// Which columns of a data file hold the text, the optional second text and the label, by header name.
///
/// Columns are never chosen by position: the GLUE release of SST-2 puts the label last, other copies put it first.
public struct ColumnSelection: Sendable, Equatable {
    /// The text column; nil picks the first of `defaultTextColumns` the file has.
    public var text: String?
    /// The second-text column of a sentence-pair task (such as "sentence2" or "hypothesis"); nil for none.
    public var pair: String?
    /// The label column; nil means `defaultLabelColumn`.
    public var label: String?

    /// The text columns looked for, in order, when `text` is nil.
    public static let defaultTextColumns = ["sentence", "content", "text", "sentence1"]
    /// The label column used when `label` is nil.
    public static let defaultLabelColumn = "label"

    /// A selection by column names; nil text and label fall back to the defaults, nil pair means a single text.
    public init(text: String? = nil, pair: String? = nil, label: String? = nil) {
        self.text = text
        self.pair = pair
        self.label = label
    }
}

extension ColumnSelection {
    /// The positions in `header` of the text, pair and label columns.
    func resolve(in header: [String], file: String, line: Int) throws(DataError) -> ResolvedColumns {
        let (text, pair) = try resolveTexts(in: header, file: file, line: line)
        let label = try Self.position(of: label ?? Self.defaultLabelColumn, role: .label, in: header, file: file, line: line)
        return ResolvedColumns(text: text, pair: pair, label: label)
    }

    /// The positions in `header` of the text and pair columns (the label column is not looked for).
    func resolveTexts(in header: [String], file: String, line: Int) throws(DataError)
        -> (text: SelectedColumn, pair: SelectedColumn?) {
        func position(of name: String, role: SelectedColumn.Role) throws(DataError) -> SelectedColumn {
            try Self.position(of: name, role: role, in: header, file: file, line: line)
        }
        let textColumn: SelectedColumn
        if let text {
            textColumn = try position(of: text, role: .text)
        } else if let name = Self.defaultTextColumns.first(where: header.contains) {
            textColumn = try position(of: name, role: .text)
        } else {
            throw .noTextColumn(file: file, line: line, candidates: Self.defaultTextColumns, available: header)
        }
        let pairColumn: SelectedColumn?
        if let pair { pairColumn = try position(of: pair, role: .text) } else { pairColumn = nil }
        return (textColumn, pairColumn)
    }

    static func position(of name: String, role: SelectedColumn.Role, in header: [String], file: String,
                                 line: Int) throws(DataError) -> SelectedColumn {
        guard let index = header.firstIndex(of: name) else {
            throw .missingColumn(file: file, line: line, column: name, available: header)
        }
        return SelectedColumn(name: name, index: index, role: role)
    }
}

/// One column a loader reads: its header name, its position and what it holds.
struct SelectedColumn: Equatable {
    /// What a column holds, which decides the JSON values it accepts.
    enum Role: Equatable {
        /// A text: JSON strings only.
        case text
        /// A label: JSON strings or integers.
        case label
    }

    let name: String
    let index: Int
    let role: Role
}

/// The columns a selection names, found in a file's header.
struct ResolvedColumns {
    let text: SelectedColumn
    let pair: SelectedColumn?
    let label: SelectedColumn

    /// The columns in the order records return their values: text, label, then pair.
    var ordered: [SelectedColumn] { [text, label] + (pair.map { [$0] } ?? []) }
}
