import Foundation

/// The subset of TOML the config file uses: `# comments`, `[table]` headers, and `key = value` lines whose
/// value is a string ("basic" with escapes, or 'literal'), an integer or a boolean.
enum TOMLLite {
    /// A value on the right of `=`.
    enum Value: Equatable {
        case string(String)
        case integer(Int)
        case boolean(Bool)
    }

    /// One `key = value` line: its table ("" at the top), key, value and line number.
    struct Entry: Equatable {
        var table: String
        var key: String
        var value: Value
        var line: Int
    }

    /// The entries of `text` in order; `file` names it in errors. Duplicate keys in a table are errors.
    static func parse(_ text: String, file: String) throws(ConfigError) -> [Entry] {
        var entries: [Entry] = []
        var table = ""
        var seen: Set<String> = []
        for (offset, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let number = offset + 1
            func fail(_ reason: String) -> ConfigError { ConfigError(file: file, line: number, reason: reason) }
            let line = raw.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
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
            let value = try parseValue(String(line[line.index(after: equals)...]), fail: fail)
            entries.append(Entry(table: table, key: key, value: value, line: number))
        }
        return entries
    }

    private static func isBareKey(_ text: String) -> Bool {
        !text.isEmpty && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == "-") }
    }

    /// `text` without a trailing `# comment`, trimmed (for text with no strings in it).
    private static func stripComment(_ text: String) -> String {
        let kept = text.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        return kept.trimmingCharacters(in: .whitespaces)
    }

    private static func parseValue(_ raw: String, fail: (String) -> ConfigError) throws(ConfigError) -> Value {
        let text = raw.trimmingCharacters(in: .whitespaces)
        guard let first = text.first else { throw fail("missing value after `=`") }
        if first == "\"" || first == "'" {
            let (string, rest) = try parseString(text, fail: fail)
            let tail = rest.trimmingCharacters(in: .whitespaces)
            guard tail.isEmpty || tail.hasPrefix("#") else { throw fail("unexpected `\(tail)` after the string") }
            return .string(string)
        }
        let bare = stripComment(text)
        switch bare {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        default:
            guard let number = Int(bare.replacingOccurrences(of: "_", with: "")) else {
                throw fail("cannot read the value `\(bare)`: use \"text\", a whole number, true or false")
            }
            return .integer(number)
        }
    }

    /// A quoted string at the start of `text`, and what follows it.
    private static func parseString(_ text: String, fail: (String) -> ConfigError) throws(ConfigError) -> (String, Substring) {
        let quote = text.first!
        var result = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            index = text.index(after: index)
            if character == quote { return (result, text[index...]) }
            guard character == "\\", quote == "\"" else {
                result.append(character)
                continue
            }
            guard index < text.endIndex else { break }
            let escaped = text[index]
            index = text.index(after: index)
            switch escaped {
            case "\"": result.append("\"")
            case "\\": result.append("\\")
            case "n": result.append("\n")
            case "t": result.append("\t")
            default: throw fail("unknown escape `\\\(escaped)` in a string")
            }
        }
        throw fail("the string is not closed: add a \(quote) before the end of the line")
    }
}
