/// One step of `PTBScanner`: the position after what it read, and the tokens it made of it (none for what the
/// tokenizer drops, two where a period also ends a sentence or a word is split, as `cannot`).
struct PTBScan {
    var end: Int
    var tokens: [String]

    init(end: Int, tokens: [String]) {
        self.end = end
        self.tokens = tokens
    }

    init(end: Int, token: String) {
        self.init(end: end, tokens: [token])
    }
}

/// The tokenizer of `PTBTokenizer`: a hand-written scanner over Unicode scalars that reproduces what Stanford
/// CoreNLP 3.4.1's `PTBTokenizer` (default options) was observed to do on English text: punctuation split from
/// words, clitics (`'s`, `n't`, `'re`, …) split off, known abbreviations and acronyms keep their period, quotes
/// made LaTeX-style (`` `` `` and `''`), brackets written `-LRB-`, `-RSB-`, …, `£` as `#`, `€` as `$`, dashes as
/// `--`, ellipses as `...`, and numbers, hyphenated words, URLs, e-mail addresses, SGML tags and emoticons kept
/// whole. Each step reads the longest form that starts at the current character.
struct PTBScanner {
    let text: [Unicode.Scalar]
    private let classes: [PTBCharacterClass]
    private var position = 0
    private var queued: [String] = []

    init(_ text: String) {
        self.text = Array(text.unicodeScalars)
        let table = PTBCharacterClass.table
        classes = self.text.map { $0.value < 0x10000 ? table[Int($0.value)] : .separator }
    }

    /// The scalar at `index`, nil past either end of the text.
    subscript(index: Int) -> Unicode.Scalar? {
        index >= 0 && index < text.count ? text[index] : nil
    }

    /// What the scanner read next: a token's text (before lowercasing) or the end of a line.
    enum Item: Equatable {
        case token(String)
        case lineBreak
    }

    /// The next token or line break, nil at the end of the text.
    mutating func next() -> Item? {
        while queued.isEmpty {
            guard let scalar = self[position] else { return nil }
            if scalar == "\n" {
                position += 1
                return .lineBreak
            }
            // What is dropped or separates tokens can only start a name ending in `.com` and the like (`domain`).
            let dropped = has(position, .separator)
            let mayStartDomain = !scalar.isASCII || scalar == "\u{1}" || scalar == "\u{7F}"
            let domain = dropped && mayStartDomain ? domain(at: position) : nil
            if dropped && domain == nil {
                position += 1
                continue
            }
            let scan = domain ?? self.scan(at: position)
            queued = scan.tokens
            position = scan.end
        }
        return .token(queued.removeFirst())
    }

    /// The text of `range`.
    func string(_ range: Range<Int>) -> String {
        if text[range].allSatisfy({ $0.isASCII }) {
            return String(unsafeUninitializedCapacity: range.count) { buffer in
                for (offset, index) in range.enumerated() { buffer[offset] = UInt8(text[index].value) }
                return range.count
            }
        }
        var result = String.UnicodeScalarView()
        result.append(contentsOf: text[range])
        return String(result)
    }

    /// Whether `index` holds one of the characters of `scalars`.
    func holds(_ index: Int, _ scalars: StaticString) -> Bool {
        guard let scalar = self[index] else { return false }
        if scalar.isASCII { return scalars.withUTF8Buffer { $0.contains(UInt8(scalar.value)) } }
        return scalars.description.unicodeScalars.contains(scalar)
    }

    /// Whether the text at `index` spells `literal` (ASCII, compared ignoring case if `anyCase`).
    func spells(_ literal: String, at index: Int, anyCase: Bool = false) -> Bool {
        for (offset, expected) in literal.unicodeScalars.enumerated() {
            guard let scalar = self[index + offset] else { return false }
            let matches = anyCase ? asciiLowercased(scalar) == asciiLowercased(expected) : scalar == expected
            if !matches { return false }
        }
        return true
    }

    /// Whether the scalar at `index` is of `characterClass` (false past either end of the text).
    func has(_ index: Int, _ characterClass: PTBCharacterClass) -> Bool {
        index >= 0 && index < classes.count && classes[index].rawValue & characterClass.rawValue != 0
    }

    /// The scan that reads furthest (the first of equals), nil if there is none.
    func longest(_ scans: PTBScan?...) -> PTBScan? {
        scans.reduce(nil) { best, scan in
            guard let scan else { return best }
            return scan.end > (best?.end ?? Int.min) ? scan : best
        }
    }

    /// The first step at `start`, a character that is not a separator.
    private func scan(at start: Int) -> PTBScan {
        let scalar = text[start]
        if has(start, .word) { return word(at: start) }
        if let scan = symbolForm(at: start) { return scan }
        // Unicode's hyphens join words (see `wordShape`) and are dropped on their own.
        if scalar == "\u{2010}" || scalar == "\u{2011}" { return PTBScan(end: start + 1, tokens: []) }
        return PTBScan(end: start + 1, token: Self.replacements[scalar] ?? String(scalar))
    }

    /// Single characters the tokenizer writes differently.
    private static let replacements: [Unicode.Scalar: String] = [
        "(": "-LRB-", ")": "-RRB-", "[": "-LSB-", "]": "-RSB-", "{": "-LCB-", "}": "-RCB-",
        "£": "#", "€": "$", "\u{A4}": "$", "\u{20A0}": "$", "\u{80}": "$", "¢": "cents",
        "¼": "1/4", "½": "1/2", "¾": "3/4", "⅓": "1/3", "⅔": "2/3",
        "–": "--", "—": "--", "―": "--", "\u{96}": "--", "\u{97}": "--", "…": "...", "\u{85}": "...",
    ]

    private func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        scalar.isASCIIUppercase ? Unicode.Scalar(scalar.value + 32) ?? scalar : scalar
    }
}
