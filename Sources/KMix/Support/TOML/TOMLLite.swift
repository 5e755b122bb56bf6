import Foundation

/// The subset of TOML that kmix's settings files use: `# comments`, `[table]` headers, and `key = value` lines whose
/// value is a string ("basic" with escapes, or 'literal'), an integer or a boolean; with `Features`, also floats
/// (`1e-3`, `0.5`) and lists of those scalars (`[1, 2]`, which may span lines). kmix-tui's `config.toml` reads the
/// scalars; experiment specs read everything.
public enum TOMLLite {
    /// What a reader accepts beyond strings, integers and booleans.
    public struct Features: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }

        /// Numbers with a fraction or an exponent: `0.5`, `1e-3`, `-2.5E+2` (underscores between digits allowed).
        public static let floats = Features(rawValue: 1)
        /// Lists of scalars in brackets, `[1, 2, 3]`, over several lines if need be, with a trailing comma allowed.
        public static let arrays = Features(rawValue: 2)
    }

    /// A value on the right of `=`.
    public enum Value: Equatable, Sendable {
        case string(String)
        case integer(Int)
        case float(Double)
        case boolean(Bool)
        /// A list of scalars (never of lists).
        case array([Value])
    }

    /// One `key = value` line: its table ("" at the top), key, value and line number.
    public struct Entry: Equatable, Sendable {
        public var table: String
        public var key: String
        public var value: Value
        /// The line the key is on (a list may go on over the following lines).
        public var line: Int
    }

    /// The entries of `text` in order; `file` names it in errors. Duplicate keys in a table are errors, and so are
    /// values of a kind `features` does not accept.
    public static func parse(_ text: String, file: String, accepting features: Features = []) throws(ConfigError) -> [Entry] {
        let lines = text.textLines
        var entries: [Entry] = []
        var table = ""
        var seen: Set<String> = []
        var index = 0
        while index < lines.count {
            let number = index + 1
            func fail(_ reason: String) -> ConfigError { ConfigError(file: file, line: number, reason: reason) }
            let line = lines[index].trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            index += 1
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("[") {
                let header = stripComment(String(line.dropFirst()))
                guard header.hasSuffix("]"), !header.hasPrefix("[") else { throw fail("expected a table header like `[keys]`") }
                table = String(header.dropLast()).trimmingCharacters(in: .whitespaces)
                guard isBareKey(table) else { throw fail("bad table name `\(table)`") }
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { throw fail("expected `key = value`, found `\(line)`") }
            var key = line[..<equals].trimmingCharacters(in: .whitespaces)
            if key.count >= 2, key.hasPrefix("\""), key.hasSuffix("\"") { key = String(key.dropFirst().dropLast()) }
            guard isBareKey(key) else { throw fail("bad key `\(key)`") }
            guard seen.insert("\(table).\(key)").inserted else { throw fail("`\(key)` is set twice") }
            var reader = ValueReader(lines: lines, line: index - 1, text: String(line[line.index(after: equals)...]),
                                     file: file, features: features)
            let value = try reader.topLevelValue()
            index = reader.line + 1
            entries.append(Entry(table: table, key: key, value: value, line: number))
        }
        return entries
    }

    private static func isBareKey(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// `text` without a trailing `# comment`, trimmed (for text with no strings in it).
    static func stripComment(_ text: String) -> String {
        let kept = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return kept.trimmingCharacters(in: .whitespaces)
    }
}
