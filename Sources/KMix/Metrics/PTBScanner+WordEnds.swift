/// What happens at a word's end: `n't` and contractions split off, a following apostrophe left for the clitic, the
/// hyphen of `anti-`, and a following period kept by abbreviations and acronyms, which may also end a sentence.
extension PTBScanner {
    /// The word of `shape` as a token, with what its end calls for.
    func finished(_ shape: WordShape, from start: Int) -> PTBScan {
        let end = shape.end
        var word = string(start..<end)
        if text[start..<end].contains("\u{AD}") { word.unicodeScalars.removeAll { $0 == "\u{AD}" } }
        // `don't` is `do` then `n't`, `in'the` is `i` then `n'the` (not after another `n`: `inn't`).
        if shape.joiners.isEmpty, end - start >= 2, text[start..<end].allSatisfy(\.isASCIILetter),
           holds(end - 1, "nN"), !holds(end - 2, "nN"), holds(end, "'’"), holds(end + 1, "tT") {
            return PTBScan(end: end - 1, token: string(start..<end - 1))
        }
        // Only the words of `splitContractions` and `hyphenPrefixes` need the lowercased form.
        let lowercased = (3...6).contains(end - start) ? word.lowercased() : ""
        // `gonna's` stays whole; `gonna'` and `gonna'tis` do not.
        let letterFollows = self[end] == "'" && self[end + 1]?.isASCIILetter == true && !tisFollows(at: end)
        if PTBWordLists.splitContractions.contains(lowercased), !letterFollows {
            return PTBScan(end: end, tokens: [String(word.prefix(3)), String(word.dropFirst(3))])
        }
        if holds(end, "'’") { return PTBScan(end: end, token: word) }
        if self[end] == "-", !has(end + 1, .word), PTBWordLists.hyphenPrefixes.contains(lowercased) {
            return PTBScan(end: end + 1, token: word + "-")
        }
        if self[end] == "." { return period(after: shape, from: start, word: word) }
        return PTBScan(end: end, token: word)
    }

    /// A word followed by a period: acronyms and listed abbreviations keep it (and may be read as ending a
    /// sentence), as does any word before `,`, `;` or `:` (`center.,`); otherwise the period is a token of its own.
    private func period(after shape: WordShape, from start: Int, word: String) -> PTBScan {
        let next = shape.end + 1
        if shape.isAcronym {
            guard startsSentence(at: next) else { return PTBScan(end: next, token: word + ".") }
            // `I. The` is `I . The`; `U.S. The` is `U.S. . The`.
            return shape.end - start == 1 ? PTBScan(end: shape.end, token: word)
                : PTBScan(end: next, tokens: [word + ".", "."])
        }
        if shape.joiners.isEmpty || word.lowercased() == "ph.d" {
            if PTBWordLists.contains(PTBWordLists.abbreviations, word) { return PTBScan(end: next, token: word + ".") }
            if PTBWordLists.contains(PTBWordLists.sentenceEndingAbbreviations, word) {
                let endsSentence = capitalOrEnd(at: next) && !(word.lowercased() == "co" && companyFollows(at: next))
                return PTBScan(end: next, tokens: [word + "."] + (endsSentence ? ["."] : []))
            }
            let numberFollows = has(next, .digit) || (has(next, .whitespace) && has(next + 1, .digit))
            if numberFollows, PTBWordLists.contains(PTBWordLists.numberAbbreviations, word) {
                return PTBScan(end: next, token: word + ".")
            }
        }
        if holds(next, ",;:") { return PTBScan(end: next, token: word + ".") }
        return PTBScan(end: shape.end, token: word)
    }

    /// Whether white space and then a listed sentence starter (`The`, `It`, …) followed by white space or the end of
    /// the text, or an SGML tag, come at `index`.
    private func startsSentence(at index: Int) -> Bool {
        var wordStart = index
        while has(wordStart, .whitespace) { wordStart += 1 }
        guard wordStart > index else { return false }
        if self[wordStart] == "<" { return sgmlTag(at: wordStart) != nil }
        guard self[wordStart]?.isASCIIUppercase == true else { return false }
        var wordEnd = wordStart
        while has(wordEnd, .letter) { wordEnd += 1 }
        guard self[wordEnd] == nil || has(wordEnd, .whitespace) else { return false }
        return PTBWordLists.sentenceStarters.contains(string(wordStart..<wordEnd).lowercased())
    }

    /// Whether two white space characters, white space and a capital letter or an SGML tag, or only white space to
    /// the end of the text, come at `index`.
    private func capitalOrEnd(at index: Int) -> Bool {
        if has(index, .whitespace), has(index + 1, .whitespace) { return true }
        var next = index
        while has(next, .whitespace) { next += 1 }
        guard let scalar = self[next] else { return true }
        return next > index && (has(next, .uppercase) || (scalar == "<" && sgmlTag(at: next) != nil))
    }

    /// Whether white space and `Ltd` or `Limited` come at `index` (`Co. Ltd` ends no sentence).
    private func companyFollows(at index: Int) -> Bool {
        var wordStart = index
        while has(wordStart, .whitespace) { wordStart += 1 }
        var wordEnd = wordStart
        while has(wordEnd, .letter) { wordEnd += 1 }
        return ["Ltd", "Limited"].contains(string(wordStart..<wordEnd))
    }

    /// Whether `'tis` or `'twas` (any case) comes at `index`.
    private func tisFollows(at index: Int) -> Bool {
        self[index] == "'"
            && (spells("tis", at: index + 1, anyCase: true) || spells("twas", at: index + 1, anyCase: true))
    }

    /// `n't` (any case, either apostrophe) at `start`, not followed by a letter.
    func negation(at start: Int) -> PTBScan? {
        guard holds(start, "nN"), holds(start + 1, "'’"), holds(start + 2, "tT"),
              !has(start + 3, .letter) else { return nil }
        return PTBScan(end: start + 3, token: "n't")
    }

    /// Whether a clitic (`'s`, `'ll`, …) that ends there follows the apostrophe at `index`.
    func cliticFollows(apostrophe index: Int) -> Bool {
        var end = index + 1
        while self[end]?.isASCIILetter == true { end += 1 }
        return !has(end, .letter) && PTBWordLists.clitics.contains(string(index + 1..<end).lowercased())
    }
}
