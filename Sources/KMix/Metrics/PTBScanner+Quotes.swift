/// Quotes and apostrophes: LaTeX-style quotes (`` `` `` opens, `''` closes), clitics after an apostrophe, and
/// decades (`'90s`).
extension PTBScanner {
    /// Typographic (and Windows-1252) quotes, as LaTeX writes them.
    static let typographicQuotes: [Unicode.Scalar: String] = [
        "‘": "`", "‛": "`", "‹": "`", "\u{91}": "`", "’": "'", "›": "'", "\u{92}": "'",
        "“": "``", "«": "``", "\u{93}": "``", "”": "''", "»": "''", "\u{94}": "''",
    ]

    /// `"`: opening (`` `` ``) before an ASCII letter or digit or `$`, else closing (`''`).
    func doubleQuote(at start: Int) -> PTBScan {
        let opens = self[start + 1].map { $0.isASCIILetter || $0.isASCIIDigit || $0 == "$" } ?? false
        return PTBScan(end: start + 1, token: opens ? "``" : "''")
    }

    /// A backtick: two are `` `` ``; one before typographic quotes joins them; else `` ` ``.
    func backtick(at start: Int) -> PTBScan {
        if self[start + 1] == "`" { return PTBScan(end: start + 2, token: "``") }
        if let next = self[start + 1], Self.typographicQuotes[next] != nil {
            return typographicQuotes(at: start + 1, leadingBacktick: true)
        }
        return PTBScan(end: start + 1, token: "`")
    }

    /// An apostrophe: `''`, a clitic (`'s`, `'ll`, `'n'`, `'em`, `'t` of `'tis`; `'n` before white space), a decade
    /// (`'90s`, `'05`), an opening quote before an ASCII letter and more text (`` ` ``), else a closing one.
    func apostrophe(at start: Int) -> PTBScan {
        if self[start + 1] == "'" { return PTBScan(end: start + 2, token: "''") }
        var end = start + 1
        while self[end]?.isASCIILetter == true { end += 1 }
        let letters = string(start + 1..<end).lowercased()
        if letters == "n", self[end] == "'" { return PTBScan(end: end + 1, token: "'n'") }
        let spaceFollows = self[end] == nil || has(end, .whitespace)
        let isClitic = PTBWordLists.clitics.contains(letters) || ["em", "til", "cause"].contains(letters)
            || (letters == "n" && spaceFollows)
        if isClitic, self[end]?.isASCIILetter != true { return PTBScan(end: end, token: "'" + string(start + 1..<end)) }
        if letters.hasPrefix("tis") || letters.hasPrefix("twas") {
            return PTBScan(end: start + 2, token: "'" + string(start + 1..<start + 2))
        }
        if let decade = decade(at: start) { return decade }
        if self[start + 1]?.isASCIILetter == true, self[start + 2] != nil, !has(start + 2, .whitespace) {
            return PTBScan(end: start + 1, token: "`")
        }
        return PTBScan(end: start + 1, token: "'")
    }

    /// `’`, which never opens a quote: the start of a clitic whatever follows it (`’s` is `'s`, `’ll` is `'ll`),
    /// of `’n`, `’n’`, `’em`, `’til`, `’cause` (written as they are), a decade (`’90s`), else a typographic
    /// quote.
    func typographicApostrophe(at start: Int) -> PTBScan {
        for clitic in ["ll", "re", "ve", "s", "d", "m"] where spells(clitic, at: start + 1, anyCase: true) {
            let end = start + 1 + clitic.count
            return PTBScan(end: end, token: "'" + string(start + 1..<end))
        }
        for form in ["n’", "em", "til", "cause", "n"] where spells(form, at: start + 1, anyCase: true) {
            let end = start + 1 + form.unicodeScalars.count
            return PTBScan(end: end, token: string(start..<end))
        }
        return decade(at: start) ?? typographicQuotes(at: start)
    }

    /// A year or decade after an apostrophe, as written: `'90s` (a decade ends in 0), `'05` (before white space or
    /// the end).
    private func decade(at start: Int) -> PTBScan? {
        guard self[start + 1]?.isASCIIDigit == true, self[start + 2]?.isASCIIDigit == true else { return nil }
        if self[start + 2] == "0", holds(start + 3, "sS") {
            return PTBScan(end: start + 4, token: string(start..<start + 4))
        }
        let ends = self[start + 3] == nil || has(start + 3, .whitespace)
        return ends ? PTBScan(end: start + 3, token: string(start..<start + 3)) : nil
    }

    /// A run of typographic quotes from `start`, each written as LaTeX writes it (`“‘` is ``` ``` ` ```), with the
    /// backtick before it (`leadingBacktick`) or else one after it.
    func typographicQuotes(at start: Int, leadingBacktick: Bool = false) -> PTBScan {
        var token = leadingBacktick ? "`" : "", end = start
        while let scalar = self[end], let quote = Self.typographicQuotes[scalar] {
            token += quote
            end += 1
        }
        if self[end] == "`", !leadingBacktick {
            token += "`"
            end += 1
        }
        return PTBScan(end: end, token: token)
    }
}
