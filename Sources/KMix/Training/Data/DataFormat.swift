import Foundation

/// The layout of a classification data file.
public enum DataFormat: String, Sendable, CaseIterable {
    /// Tab-separated values with a header line; no quoting, so `"` is an ordinary character.
    case tsv
    /// Comma-separated values as in RFC 4180, with a header row.
    case csv
    /// JSON Lines: one JSON object per line, whose keys are the columns.
    case jsonl

    /// The file extensions each format is chosen by, in the order messages list them.
    public static let extensions: [(extension: String, format: DataFormat)] = [
        ("tsv", .tsv), ("csv", .csv), ("jsonl", .jsonl), ("json", .jsonl),
    ]

    /// The format of `url` by its extension (`.tsv`, `.csv`, `.jsonl`, `.json`, in any letter case).
    /// - Throws: `DataError.unsupportedExtension` for any other extension.
    public init(inferredFrom url: URL) throws(DataError) {
        let suffix = url.pathExtension.lowercased()
        guard let match = Self.extensions.first(where: { $0.extension == suffix }) else {
            throw .unsupportedExtension(file: url.path, extension: suffix, supported: Self.extensions.map(\.extension))
        }
        self = match.format
    }
}
