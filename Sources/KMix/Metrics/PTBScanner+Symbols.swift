/// Tokens that start with punctuation or a symbol: numbers with a sign or a leading separator, dashes, periods,
/// names ending in `.com`, hashtags, runs of repeated punctuation, and the dispatch to quotes (`+Quotes`),
/// emoticons, SGML tags and entities (`+Markup`).
extension PTBScanner {
    /// Characters that, repeated, make one token (`!!`, `?!`, `***`, `##`, `>>`); `?` and `!` mix.
    private static let repeatable = Set("!?*#@_<>‚„‟¹²³⁰⁴⁵⁶⁷⁸⁹".unicodeScalars)

    /// The token at `start` if a rule for punctuation or symbols reads one there.
    func symbolForm(at start: Int) -> PTBScan? {
        let scalar = text[start]
        switch scalar {
        case "'": return apostrophe(at: start)
        case "’": return typographicApostrophe(at: start)
        case "\"": return doubleQuote(at: start)
        case "`": return backtick(at: start)
        case "-": return face(at: start) ?? signedNumber(at: start) ?? hyphens(at: start)
        case "+", "%": return domain(at: start) ?? signedNumber(at: start)
        case ",": return signedNumber(at: start)
        case "£", "€", "~": return domain(at: start)
        case ".": return signedNumber(at: start) ?? periods(at: start)
        case ":", ";", "=": return emoticon(at: start) ?? signedNumber(at: start)
        case ">": return emoticon(at: start) ?? face(at: start) ?? run(at: start)
        case "(": return parenthesizedPhoneNumber(at: start) ?? parenthesizedFace(at: start)
        case "<":
            return sgmlTag(at: start) ?? email(at: start) ?? emoticon(at: start) ?? face(at: start) ?? run(at: start)
        case "&": return entity(at: start) ?? domain(at: start)
        case "#": return longest(domain(at: start), hashtag(at: start)) ?? run(at: start)
        case "*": return domain(at: start) ?? run(at: start)
        case "@": return mention(at: start) ?? run(at: start)
        case "^": return face(at: start)
        case "\\": return self[start + 1] == "*" ? PTBScan(end: start + 2, token: "\\*") : nil
        case "\u{AD}":
            // Soft hyphens before a word are dropped with it; elsewhere they are a hyphen.
            var end = start
            while self[end] == "\u{AD}" { end += 1 }
            return PTBScan(end: end, tokens: has(end, .word) ? [] : ["-"])
        default:
            if !scalar.isASCII, let domain = domain(at: start) { return domain }
            if Self.typographicQuotes[scalar] != nil { return typographicQuotes(at: start) }
            return Self.repeatable.contains(scalar) ? run(at: start) : nil
        }
    }

    /// A number with a sign or a leading separator: `-5`, `+44`, `.5`, `-.5`, `,55`, `:30`, then digits joined
    /// by `.`, `,` or `:` (no hyphen or letter: `-5-6` is `-5 -6`).
    private func signedNumber(at start: Int) -> PTBScan? {
        var digits = start
        if holds(digits, "-+") { digits += 1 }
        if holds(digits, ".,:") { digits += 1 }
        guard digits > start, has(digits, .digit) else { return nil }
        var end = digits
        while has(end, .digit) || (holds(end, ".,:") && has(end + 1, .digit)) {
            end += 1
        }
        return PTBScan(end: end, token: string(start..<end))
    }

    /// Hyphens: one is `-`, two to four `--`, five or more stay as written.
    private func hyphens(at start: Int) -> PTBScan {
        var end = start
        while self[end] == "-" { end += 1 }
        switch end - start {
        case 1: return PTBScan(end: end, token: "-")
        case 2...4: return PTBScan(end: end, token: "--")
        default: return PTBScan(end: end, token: string(start..<end))
        }
    }

    /// Periods: three to five (or `. . .`) are an ellipsis `...`; fewer are single periods.
    private func periods(at start: Int) -> PTBScan {
        if spells(". . .", at: start) { return PTBScan(end: start + 5, token: "...") }
        var end = start
        while self[end] == ".", end - start < 5 { end += 1 }
        return end - start >= 3 ? PTBScan(end: end, token: "...") : PTBScan(end: start + 1, token: ".")
    }

    /// A run of one repeatable character (`?` and `!` together) as one token; `<`, `>` and low quotes pair up.
    private func run(at start: Int) -> PTBScan {
        let first = text[start]
        let marks: Set<Unicode.Scalar> = ["!", "?"]
        let longest = ["<", ">", "‚", "„", "‟"].contains(first) ? 2 : Int.max
        var end = start + 1
        while let scalar = self[end], end - start < longest,
              scalar == first || (marks.contains(first) && marks.contains(scalar)) {
            end += 1
        }
        return PTBScan(end: end, token: string(start..<end))
    }

    /// `€abc.com`, `&x.org`, `…a.b.edu`: letters, periods, `& % + # * ~`, the controls U+0001 and U+007F and
    /// characters outside ASCII (but white space after white space), up to `.com`, `.net`, `.org` or `.edu`; one
    /// token as written.
    func domain(at start: Int) -> PTBScan? {
        if has(start, .whitespace), has(start - 1, .whitespace) { return nil }
        var end = start
        while let scalar = self[end],
              scalar.isASCII ? scalar.isASCIILetter || holds(end, "&%+#*~.\u{1}\u{7F}") : scalar != "\n" {
            end += 1
        }
        for candidate in stride(from: end, to: start + 4, by: -1)
        where [".com", ".net", ".org", ".edu"].contains(where: { spells($0, at: candidate - 4) }) {
            return PTBScan(end: candidate, token: string(start..<candidate))
        }
        return nil
    }

    /// `#tag`: letters, marks and soft hyphens after `#`.
    private func hashtag(at start: Int) -> PTBScan? {
        var end = start + 1
        while (has(end, .word) && !has(end, .digit)) || self[end] == "\u{AD}" { end += 1 }
        return end > start + 1 ? PTBScan(end: end, token: string(start..<end)) : nil
    }

    /// `@name`: an ASCII letter or `_`, then ASCII letters, digits and `_`.
    private func mention(at start: Int) -> PTBScan? {
        guard let first = self[start + 1], first.isASCIILetter || first == "_" else { return nil }
        var end = start + 1
        while let scalar = self[end], scalar.isASCIILetter || scalar.isASCIIDigit || scalar == "_" { end += 1 }
        return PTBScan(end: end, token: string(start..<end))
    }
}
