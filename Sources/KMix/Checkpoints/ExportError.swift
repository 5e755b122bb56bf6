/// Why an export cannot be written or read; every case names the file or folder.
public enum ExportError: Error, Equatable, CustomStringConvertible {
    /// Only the `pooler` head is the sequence classifiers' (`architecture`: `BertForSequenceClassification`, …).
    case unsupportedTaskHead(run: String, head: String, architecture: String)
    /// The output folder exists already.
    case outputExists(path: String)
    /// An export file is missing or not what kmix reads.
    case invalid(path: String, reason: String)
    /// A file to export could not be read.
    case unreadable(path: String, reason: String)

    public var description: String { text.printable }

    private var text: String {
        switch self {
        case let .unsupportedTaskHead(run, head, architecture):
            return "the run \(run) uses the '\(head)' task head, which \(architecture) cannot express; "
                + "only runs with the 'pooler' head can be exported"
        case let .outputExists(path):
            return "\(path) exists already; choose a new output folder (nothing was overwritten)"
        case let .invalid(path, reason):
            return "\(path) is not a usable export: \(reason)"
        case let .unreadable(path, reason):
            return "\(path) could not be read for the export (\(reason))"
        }
    }
}
