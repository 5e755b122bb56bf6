/// Why a classification data file could not be read; `description` is one sentence naming the file (and line).
public enum DataError: Error, Equatable, CustomStringConvertible {
    /// No file exists at the path.
    case missingFile(file: String)
    /// The file exists but could not be read.
    case unreadableFile(file: String, reason: String)
    /// The file's extension names no supported format.
    case unsupportedExtension(file: String, extension: String, supported: [String])
    /// A line is not valid UTF-8.
    case notUTF8(file: String, line: Int)
    /// The file has no bytes, so no header.
    case emptyFile(file: String)
    /// The file has a header but no example rows.
    case noExamples(file: String)
    /// A line holds nothing (a row must have its fields, even empty ones).
    case blankLine(file: String, line: Int)
    /// The header names a column twice.
    case duplicateColumn(file: String, line: Int, column: String)
    /// A column the selection names is not in the header.
    case missingColumn(file: String, line: Int, column: String, available: [String])
    /// No text column was named and none of the usual names is in the header.
    case noTextColumn(file: String, line: Int, candidates: [String], available: [String])
    /// A row has more or fewer fields than the header.
    case wrongFieldCount(file: String, line: Int, found: Int, expected: Int)
    /// A quoted CSV field is never closed; `line` is where it starts.
    case unterminatedQuote(file: String, line: Int)
    /// A CSV quote appears inside an unquoted field, or text follows a closing quote.
    case strayQuote(file: String, line: Int)
    /// A JSON Lines line is not a JSON object.
    case malformedJSON(file: String, line: Int)
    /// A JSON object lacks a selected key.
    case missingField(file: String, line: Int, column: String)
    /// A JSON value has a type the column cannot hold (`expected` says which it can).
    case invalidFieldType(file: String, line: Int, column: String, expected: String)
    /// A row's label field is empty.
    case emptyLabel(file: String, line: Int)
    /// A generation example's target (or source) field is empty.
    case emptyText(file: String, line: Int, column: String)
    /// A label value is not in the fixed label set.
    case unknownLabel(file: String, line: Int, value: String, allowed: [String])
    /// The fixed label set given for the file lists no values.
    case emptyLabelSet(file: String)
    /// The fixed label set given for the file lists a value twice.
    case duplicateLabel(file: String, value: String)
    /// The fixed label set given for the file has a different number of names than values.
    case labelNamesMismatch(file: String, valueCount: Int, nameCount: Int)
    /// A task's data files are in none of the folders searched.
    case taskDataNotFound(task: String, files: [String], searched: [String])
    /// A generation example's source and one target token do not fit the length limit.
    case sourceTooLong(file: String, line: Int, tokens: Int, limit: Int)

    /// One sentence naming the file (and line) and the cause.
    public var description: String {
        switch self {
        case .missingFile(let file):
            "The data file \(file) does not exist."
        case .unreadableFile(let file, let reason):
            "The data file \(file) could not be read: \(reason)."
        case .unsupportedExtension(let file, let suffix, let supported):
            "The data file \(file) has \(suffix.isEmpty ? "no extension" : "the extension '.\(suffix)'"), "
                + "which names no supported format (supported: \(Self.list(supported.map { "." + $0 })))."
        case .notUTF8(let file, let line):
            "Line \(line) of \(file) is not valid UTF-8."
        case .emptyFile(let file):
            "The data file \(file) is empty, so it has no header."
        case .noExamples(let file):
            "The data file \(file) has no examples."
        case .blankLine(let file, let line):
            "Line \(line) of \(file) is blank."
        case .duplicateColumn(let file, let line, let column):
            "The header on line \(line) of \(file) names the column '\(column)' more than once."
        case .missingColumn(let file, let line, let column, let available):
            "The header on line \(line) of \(file) has no column '\(column)' (columns: \(Self.list(available)))."
        case .noTextColumn(let file, let line, let candidates, let available):
            "The header on line \(line) of \(file) has none of the text columns \(Self.list(candidates)) "
                + "(columns: \(Self.list(available))): the first line must be a header row naming the columns, "
                + "and a text column named otherwise must be given by name (--text-column)."
        case .wrongFieldCount(let file, let line, let found, let expected):
            "Line \(line) of \(file) has \(found) field\(found == 1 ? "" : "s") but the header has \(expected)."
        case .unterminatedQuote(let file, let line):
            "The quoted field starting on line \(line) of \(file) is never closed."
        case .strayQuote(let file, let line):
            "Line \(line) of \(file) has a quote inside an unquoted field or text after a closing quote."
        case .malformedJSON(let file, let line):
            "Line \(line) of \(file) is not a JSON object."
        case .missingField(let file, let line, let column):
            "The JSON object on line \(line) of \(file) has no key '\(column)'."
        case .invalidFieldType(let file, let line, let column, let expected):
            "The value of '\(column)' on line \(line) of \(file) is not \(expected)."
        case .emptyLabel(let file, let line):
            "Line \(line) of \(file) has an empty label."
        case .emptyText(let file, let line, let column):
            "Line \(line) of \(file) has an empty '\(column)': a generation example needs a source and a target."
        case .unknownLabel(let file, let line, let value, let allowed):
            "Line \(line) of \(file) has the label '\(value)', which is not one of \(Self.list(allowed))."
        case .emptyLabelSet(let file):
            "The label set given for \(file) lists no labels."
        case .duplicateLabel(let file, let value):
            "The label set given for \(file) lists the label '\(value)' more than once."
        case .labelNamesMismatch(let file, let valueCount, let nameCount):
            "The label set given for \(file) has \(valueCount) labels but \(nameCount) names."
        case .taskDataNotFound(let task, let files, let searched):
            "The \(task) data (\(files.joined(separator: " and "))) is in none of the folders searched: "
                + "\(searched.joined(separator: ", "))"
                + (TaskPreset.named(task).map { "; the full data set comes from \($0.fullDataSource)." } ?? ".")
        case .sourceTooLong(let file, let line, let tokens, let limit):
            "The source on line \(line) of \(file) is \(tokens) tokens long, which leaves no room for a target within "
                + "the \(limit)-token limit (source, target, end of text); raise --max-length or shorten it."
        }
    }

    /// Quoted, comma-separated names.
    private static func list(_ names: [String]) -> String {
        names.map { "'\($0)'" }.joined(separator: ", ")
    }
}
