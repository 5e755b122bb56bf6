/// Words: runs of letters, digits and marks and the characters that join runs into one token (what happens at a
/// word's end is in `PTBScanner+WordEnds.swift`).
extension PTBScanner {
    /// A word read by `wordShape`: where it ends, the characters that joined its runs (in order, repeated), whether
    /// it is an acronym (one letter, or single letters joined by periods: `I`, `U.S`, `a.k.a`) and whether its runs
    /// are all digits.
    struct WordShape {
        var end: Int
        var joiners = ""
        var isAcronym: Bool
        var isDigits: Bool
    }

    /// The token at `start`, a letter, digit or mark: the longest of a word and the special forms starting there.
    func word(at start: Int) -> PTBScan {
        if let negation = negation(at: start) { return negation }
        let shape = wordShape(from: start)
        let special = longest(compound(at: start), apostropheWord(at: start), email(at: start), url(at: start),
                              fileName(at: start), phoneNumber(at: start), fraction(at: start))
        if let special, special.end > shape.end { return special }
        // `Ltd.a` is `Ltd.` then `a` (`etc.ab` stays whole).
        let head = runEnd(from: start)
        if shape.end == head + 2, self[head] == ".",
           PTBWordLists.contains(PTBWordLists.sentenceEndingAbbreviations, string(start..<head)) {
            return PTBScan(end: head + 1, token: string(start..<head + 1))
        }
        return finished(shape, from: start)
    }

    /// The end of the run of word characters from `start`: letters, digits, marks (not in a run that starts with a
    /// digit) and soft hyphens (in a run that starts with a letter, or between digits).
    func runEnd(from start: Int) -> Int {
        let startsWithDigit = has(start, .digit)
        var end = start
        while end < text.count {
            if has(end, .letter) || has(end, .digit) || (has(end, .word) && !startsWithDigit) {
                end += 1
            } else if text[end] == "\u{AD}", end > start,
                      has(start, .letter) || (has(end - 1, .digit) && has(end + 1, .digit)) {
                end += 1
            } else {
                break
            }
        }
        return end
    }

    /// A word from `start`: a number (digits joined by `.`, `,` or `:`: `5.5`, `1,000`, `12:30`) or runs of
    /// letters, digits and marks joined by a period, `!` or `?` between runs that start with a letter (`x.com`,
    /// `a1.b2`, `Yahoo!s`), by `_`, or by `/` (up to three runs of digits, a date), whichever is longer; then
    /// parts after single hyphens (`family-friendly`, `20-25`), themselves joined only by `_` or `/`. Periods do not
    /// mix with `_` or `/`; colons, `!`, `?` and digit-only slashes take no hyphen. Before a hyphen, any runs may be
    /// joined by periods and commas, and a period or comma may come last (`area.1-3`, `a,b-c`, `area.-5`).
    func wordShape(from start: Int) -> WordShape {
        let number = numberShape(from: start), runs = runsShape(from: start)
        var shape = number.end > runs.end ? number : runs
        if !shape.joiners.contains(where: ":!?".contains), !(shape.isDigits && shape.joiners.contains("/")) {
            shape = withHyphenParts(shape)
        }
        var listEnd = runEnd(from: start)
        while holds(listEnd, ".,"), has(listEnd + 1, .word) { listEnd = runEnd(from: listEnd + 1) }
        if holds(listEnd, ".,"), self[listEnd + 1] == "-" { listEnd += 1 }
        let list = withHyphenParts(WordShape(end: listEnd, joiners: ".", isAcronym: false, isDigits: false))
        return list.end > shape.end && list.joiners.contains("-") ? list : shape
    }

    /// `shape` with the parts after single hyphens that follow it (a `/` only after a run of letters or of digits:
    /// `5-6/7`, not `a-b1/c`).
    private func withHyphenParts(_ shape: WordShape) -> WordShape {
        var shape = shape
        while self[shape.end] == "-", has(shape.end + 1, .word) {
            var runStart = shape.end + 1
            shape.end = runEnd(from: runStart)
            while holds(shape.end, "_/"), has(shape.end + 1, .word) {
                let run = text[runStart..<shape.end]
                let pure = run.allSatisfy(\.isASCIILetter) || run.allSatisfy(\.isASCIIDigit)
                if self[shape.end] == "/", !pure { break }
                runStart = shape.end + 1
                shape.end = runEnd(from: runStart)
            }
            shape.joiners.append("-")
            shape.isAcronym = false
            shape.isDigits = false
        }
        return shape
    }

    /// Digits joined by `.`, `,` or `:` between digits.
    private func numberShape(from start: Int) -> WordShape {
        var shape = WordShape(end: digitsEnd(from: start), isAcronym: false, isDigits: true)
        while let joiner = self[shape.end], ".,:".unicodeScalars.contains(joiner), has(shape.end + 1, .digit) {
            shape.joiners.unicodeScalars.append(joiner)
            shape.end = digitsEnd(from: shape.end + 1)
        }
        return shape
    }

    /// Runs of letters, digits and marks joined as `wordShape` describes (slashes only between ASCII letters and
    /// digits: `and/or`, `3/5`).
    private func runsShape(from start: Int) -> WordShape {
        let firstEnd = runEnd(from: start)
        var shape = WordShape(end: firstEnd, isAcronym: firstEnd - start == 1 && text[start].isASCIILetter,
                              isDigits: allDigits(start..<firstEnd))
        var runStart = start, slashes = 0
        var isASCII = text[start..<firstEnd].allSatisfy { $0.isASCIILetter || $0.isASCIIDigit }
        while let joiner = self[shape.end], has(shape.end + 1, .word) {
            let nextEnd = joiner == "/" ? asciiAlphanumericsEnd(from: shape.end + 1) : runEnd(from: shape.end + 1)
            let nextIsDigits = allDigits(shape.end + 1..<nextEnd)
            let joins: Bool
            switch joiner {
            case ".":
                joins = !shape.joiners.contains(where: "_/".contains) && has(runStart, .letter)
                    && has(shape.end + 1, .letter)
            case "!", "?": joins = has(runStart, .letter) && has(shape.end + 1, .letter)
            case "_": joins = !shape.joiners.contains(".")
            case "/":
                joins = isASCII && nextEnd > shape.end + 1 && !shape.joiners.contains(".")
                    && !(shape.isDigits && nextIsDigits && slashes == 2)
            case "\u{2010}", "\u{2011}": joins = true
            default: joins = false
            }
            guard joins else { break }
            if joiner == "/" { slashes += 1 }
            shape.isAcronym = shape.isAcronym && joiner == "." && nextEnd == shape.end + 2
                && text[shape.end + 1].isASCIILetter
            shape.isDigits = shape.isDigits && nextIsDigits
            isASCII = isASCII && text[shape.end + 1..<nextEnd].allSatisfy { $0.isASCIILetter || $0.isASCIIDigit }
            shape.joiners.unicodeScalars.append(joiner)
            runStart = shape.end + 1
            shape.end = nextEnd
        }
        return shape
    }

    func asciiAlphanumericsEnd(from start: Int) -> Int {
        var end = start
        while let scalar = self[end], scalar.isASCIILetter || scalar.isASCIIDigit { end += 1 }
        return end
    }

    func digitsEnd(from start: Int) -> Int {
        var end = start
        while has(end, .digit) { end += 1 }
        return end
    }

    func allDigits(_ range: Range<Int>) -> Bool {
        range.allSatisfy { has($0, .digit) || text[$0] == "\u{AD}" }
    }
}
