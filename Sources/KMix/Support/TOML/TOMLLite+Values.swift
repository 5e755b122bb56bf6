import Foundation

extension TOMLLite {
    /// Reads the value after one `=`: a scalar on the rest of the line, or a list that may go on over the next lines.
    struct ValueReader {
        private let lines: [Substring]
        /// The 0-based index of the line being read; after a value, the line it ended on.
        private(set) var line: Int
        private var characters: [Character]
        private var position = 0
        private let file: String
        private let features: Features

        /// A reader of `text`, the rest of line `line` (0-based) of `lines` after its `=`.
        init(lines: [Substring], line: Int, text: String, file: String, features: Features) {
            self.lines = lines
            self.line = line
            characters = Array(text)
            self.file = file
            self.features = features
        }

        /// The value: a string, a scalar or (with `Features.arrays`) a list, then nothing but a comment on its line.
        mutating func topLevelValue() throws(ConfigError) -> Value {
            skipSpaces()
            guard let first = peek else { throw fail("missing value after `=`") }
            if first == "\"" || first == "'" {
                let string = try quotedString()
                let tail = rest.trimmingCharacters(in: .whitespaces)
                guard tail.isEmpty || tail.hasPrefix("#") else { throw fail("unexpected `\(tail)` after the string") }
                return .string(string)
            }
            if first == "[", features.contains(.arrays) {
                let list = try array()
                let tail = rest.trimmingCharacters(in: .whitespaces)
                guard tail.isEmpty || tail.hasPrefix("#") else { throw fail("unexpected `\(tail)` after the list") }
                return list
            }
            let bare = TOMLLite.stripComment(rest)
            guard let value = scalar(bare) else { throw fail("cannot read the value `\(bare)`: \(expected)") }
            return value
        }

        /// What values look like, for errors: `use "text", a whole number, true or false` and what `features` adds.
        private var expected: String { scalars + (features.contains(.arrays) ? ", or a list of those in [ ]" : "") }

        /// What scalars look like, for errors.
        private var scalars: String {
            "use \"text\", " + (features.contains(.floats) ? "a number" : "a whole number") + ", true or false"
        }

        /// A list at the reader's `[`: scalars separated by commas, with spaces, comments and line breaks between them.
        private mutating func array() throws(ConfigError) -> Value {
            let start = line
            position += 1
            var values: [Value] = []
            while true {
                try skipBlanks(openSince: start)
                if peek == "]" { break }
                values.append(try element())
                try skipBlanks(openSince: start)
                if peek == "," {
                    position += 1
                } else if peek != "]" {
                    throw fail("expected `,` or `]` after a value in the list, found `\(rest.trimmingCharacters(in: .whitespaces))`")
                }
            }
            position += 1
            return .array(values)
        }

        /// One scalar of a list, at a character that is not blank.
        private mutating func element() throws(ConfigError) -> Value {
            let first = characters[position]
            if first == "\"" || first == "'" { return .string(try quotedString()) }
            if first == "[" { throw fail("a list inside a list is not supported; give scalars") }
            var token = ""
            while let character = peek, !",]#".contains(character), !character.isWhitespace {
                token.append(character)
                position += 1
            }
            guard !token.isEmpty else { throw fail("expected a value in the list, found `\(first)`") }
            guard let value = scalar(token) else { throw fail("cannot read the value `\(token)` in the list: \(scalars)") }
            return value
        }

        /// A boolean, an integer or (with `Features.floats`) a float written as `bare`; nil when it is none.
        private func scalar(_ bare: String) -> Value? {
            switch bare {
            case "true": return .boolean(true)
            case "false": return .boolean(false)
            default:
                if let number = Int(bare.replacingOccurrences(of: "_", with: "")) { return .integer(number) }
                if features.contains(.floats), let number = TOMLLite.float(bare) { return .float(number) }
                return nil
            }
        }

        /// A quoted string at the reader's position (on one line), with the reader moved past its closing quote.
        private mutating func quotedString() throws(ConfigError) -> String {
            let quote = characters[position]
            var result = ""
            position += 1
            while let character = peek {
                position += 1
                if character == quote { return result }
                guard character == "\\", quote == "\"" else {
                    result.append(character)
                    continue
                }
                guard let escaped = peek else { break }
                position += 1
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

        /// Skips spaces, comments and line breaks inside a list opened on line `start` (0-based), which must close
        /// before the text ends.
        private mutating func skipBlanks(openSince start: Int) throws(ConfigError) {
            while true {
                skipSpaces()
                if peek == "#" { position = characters.count }
                guard position == characters.count else { return }
                guard line + 1 < lines.count else {
                    throw ConfigError(file: file, line: start + 1, reason: "the list is not closed: add a ] after its last value")
                }
                line += 1
                characters = Array(lines[line])
                position = 0
            }
        }

        private mutating func skipSpaces() {
            while let character = peek, character == " " || character == "\t" || character == "\r" { position += 1 }
        }

        private var peek: Character? { position < characters.count ? characters[position] : nil }

        /// What is left of the current line.
        private var rest: String { String(characters[position...]) }

        private func fail(_ reason: String) -> ConfigError { ConfigError(file: file, line: line + 1, reason: reason) }
    }

    /// The float a TOML float literal writes: an optional sign, digits, then a fraction (`.` and digits), an
    /// exponent (`e` or `E`, an optional sign, digits) or both; underscores only between digits. Nil otherwise
    /// (integers included: they have neither fraction nor exponent).
    static func float(_ text: String) -> Double? {
        var body = Substring(text)
        if body.first == "+" || body.first == "-" { body = body.dropFirst() }
        let parts = body.split(omittingEmptySubsequences: false) { $0 == "e" || $0 == "E" }
        guard parts.count <= 2 else { return nil }
        let mantissa = parts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard mantissa.allSatisfy(isDigits), mantissa.count == 2 || parts.count == 2 else { return nil }
        if parts.count == 2 {
            var exponent = parts[1]
            if exponent.first == "+" || exponent.first == "-" { exponent = exponent.dropFirst() }
            guard isDigits(exponent) else { return nil }
        }
        return Double(text.replacingOccurrences(of: "_", with: ""))
    }

    /// Whether `text` is ASCII digits with underscores only between two digits.
    private static func isDigits(_ text: Substring) -> Bool {
        guard let first = text.first, let last = text.last, first.isASCII, first.isNumber, last.isASCII, last.isNumber else {
            return false
        }
        return !text.contains("__") && text.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "_" }
    }
}
