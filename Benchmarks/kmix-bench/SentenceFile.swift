import Foundation

/// The text column of a benchmark's TSV file.
enum SentenceFile {
    /// The `content` (else `sentence`) column of a TSV with a header row.
    static func read(_ path: String) throws -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw BenchError("cannot read \(path); pass --data with an SST-2 style TSV")
        }
        let rows = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = rows.first?.split(separator: "\t", omittingEmptySubsequences: false),
              let column = header.firstIndex(of: "content") ?? header.firstIndex(of: "sentence") else {
            throw BenchError("\(path) has no 'content' or 'sentence' column in its header")
        }
        return try rows.dropFirst().enumerated().map { index, row in
            let fields = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard column < fields.count else {
                throw BenchError("\(path), line \(index + 2): the row has no field \(column + 1)")
            }
            return String(fields[column])
        }
    }
}
