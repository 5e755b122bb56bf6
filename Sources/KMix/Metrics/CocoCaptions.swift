/// Captions as e2e-metrics hands them to `pycocoevalcap`'s scorers: all references (source by source) tokenized as
/// one `PTBTokenizer` text and all outputs as another, each line's tokens joined by spaces and right-stripped
/// (Python's `rstrip`), then the PTB punctuation tokens dropped (`'' ' `` ` -LRB- -RRB- -LCB- -RCB- . ? ! , : -
/// -- ... ;`, compared after lowercasing, so `-lrb-` and friends stay). The line's right-strip is done on the tokens:
/// trailing white space of the last token, and a last token of white space only, go.
struct CocoCaptions {
    /// Per output, its tokens; per source, the tokens of each reference.
    private(set) var outputs: [[String]]
    private(set) var references: [[[String]]]

    private static let punctuation: Set<String> = [
        "''", "'", "``", "`", "-LRB-", "-RRB-", "-LCB-", "-RCB-", ".", "?", "!", ",", ":", "-", "--", "...", ";",
    ]

    init(outputs: [String], references: [[String]]) {
        self.outputs = Self.captions(outputs)
        var flat = Self.captions(references.flatMap { $0 })[...]
        self.references = references.map { group in
            defer { flat = flat.dropFirst(group.count) }
            return Array(flat.prefix(group.count))
        }
    }

    /// e2e-metrics turns `\n` into a space; the other line breaks Java reads (`\r`, U+000B, U+000C, U+2028,
    /// U+2029; not U+0085, which it tokenizes as `...`) would start a line of their own and shift every later
    /// caption there, so they become spaces too.
    private static func captions(_ texts: [String]) -> [[String]] {
        let lines = texts.map { text in
            String(text.unicodeScalars.map { scalar -> Character in
                switch scalar.value {
                case 0x0A...0x0D, 0x2028, 0x2029: " "
                default: Character(scalar)
                }
            })
        }
        return PTBTokenizer.tokenize(lines: lines).map { line in
            var tokens = line
            while let last = tokens.popLast() {
                var scalars = last.unicodeScalars[...]
                while let end = scalars.last, isPythonSpace(end) { scalars = scalars.dropLast() }
                if !scalars.isEmpty {
                    tokens.append(String(String.UnicodeScalarView(scalars)))
                    break
                }
            }
            return tokens.filter { !punctuation.contains($0) }
        }
    }

    /// The words of `tokens` as Python's `split()` finds them in the tokens joined by spaces.
    static func words(_ tokens: [String]) -> [String] {
        var words: [String] = []
        for token in tokens {
            var word = String.UnicodeScalarView()
            for scalar in token.unicodeScalars {
                if isPythonSpace(scalar) {
                    if !word.isEmpty { words.append(String(word)) }
                    word = String.UnicodeScalarView()
                } else {
                    word.append(scalar)
                }
            }
            if !word.isEmpty { words.append(String(word)) }
        }
        return words
    }

    /// Python's `str.isspace` (what `strip` and `split()` take as white space).
    static func isPythonSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }
}
