/// Forms that start like a word but are read whole when longer than the word: capitals joined by `&` or `+`,
/// currency prefixes, words with an apostrophe inside, e-mail addresses, URLs, file names, phone numbers and
/// fractions.
extension PTBScanner {
    /// `AT&T` (also spelled `AT&amp;T`), `S&P-500`, `AB+CD`, `C++`, `US$`, `C#` and `F#`.
    func compound(at start: Int) -> PTBScan? {
        guard let first = self[start], first.isASCIILetter else { return nil }
        if "CcFf".unicodeScalars.contains(first), self[start + 1] == "#" {
            return PTBScan(end: start + 2, token: string(start..<start + 2))
        }
        if "Cc".unicodeScalars.contains(first), spells("++", at: start + 1) {
            return PTBScan(end: start + 3, token: string(start..<start + 3))
        }
        var end = capitalsEnd(from: start)
        guard end > start else { return nil }
        if self[end] == "$" { return PTBScan(end: end + 1, token: string(start..<end + 1)) }
        var token = string(start..<end), joiners = Set<Character>()
        while let link = ["&amp;", "&", "+"].first(where: {
            spells($0, at: end, anyCase: true) && self[end + $0.count]?.isASCIIUppercase == true
        }) {
            let next = capitalsEnd(from: end + link.count)
            let joiner: Character = link == "+" ? "+" : "&"
            token += String(joiner) + string(end + link.count..<next)
            joiners.insert(joiner)
            end = next
        }
        guard !joiners.isEmpty else { return nil }
        if joiners.contains("&"), self[end] == "-", self[end + 1]?.isASCIIDigit == true {
            let digitsEnd = asciiDigitsEnd(from: end + 1)
            token += string(end..<digitsEnd)
            end = digitsEnd
        }
        return PTBScan(end: end, token: token)
    }

    /// Words with an apostrophe inside: one letter and an apostrophe before two or more letters or digits
    /// (`o'clock`, `d'Arcy`, `l'amour`; after `n` or a capital only letters: `n'the`, `O'Neil`), or before one (`d'`
    /// of `d'a`; `y'` of `y'all`); letters ending in a vowel or `y` before a vowel or a capital and more letters
    /// (`ma'am`, `qu'il`, `riverside'area`, `EnglishO'Neil`); and `ev'ry`, `cap'n`, `e'er`, `c'est`. A clitic after
    /// the apostrophe (`d's`, `Zizzi's`) is split off instead.
    func apostropheWord(at start: Int) -> PTBScan? {
        guard let first = self[start], first.isASCIILetter else { return nil }
        for word in ["ev'ry", "cap'n", "e'er", "c'est"] where spells(word, at: start, anyCase: true) {
            return PTBScan(end: start + word.count, token: string(start..<start + word.count))
        }
        var apostrophe = start
        while has(apostrophe, .letter) { apostrophe += 1 }
        guard self[apostrophe] == "'", !cliticFollows(apostrophe: apostrophe) else { return nil }
        var end = apostrophe + 1
        while has(end, .letter) { end += 1 }
        if apostrophe == start + 1 {
            let restEnd = runEnd(from: start + 2), rest = restEnd - (start + 2)
            if rest >= 2, "dDlLoO".unicodeScalars.contains(first) {
                return PTBScan(end: restEnd, token: string(start..<restEnd))
            }
            if rest >= 1, "dDlLjJ".unicodeScalars.contains(first) || ("yY".unicodeScalars.contains(first)
                && has(start + 2, .letter)) {
                return PTBScan(end: start + 2, token: string(start..<start + 2))
            }
            if end - (start + 2) >= 2, "nN".unicodeScalars.contains(first) || first.isASCIIUppercase {
                return PTBScan(end: end, token: string(start..<end))
            }
            return nil
        }
        guard isVowel(text[apostrophe - 1]) || holds(apostrophe - 1, "yY"), let after = self[apostrophe + 1],
              isVowel(after) || after.isASCIIUppercase else { return nil }
        return PTBScan(end: end, token: string(start..<end))
    }

    /// An e-mail-like token: an ASCII letter or digit, then anything but spaces, tabs, line breaks, no-break
    /// spaces, `|`, brackets, braces, `"`, `<`, `>` and `@`; then `@` and the same with `>` and `@` allowed (a `>`
    /// ends it, a period does not): `foo@bar.com`, `x@[b]`, `kid@*`, `<foo@bar.com>`.
    func email(at start: Int) -> PTBScan? {
        guard let first = self[start], first.isASCIILetter || first.isASCIIDigit
                || (first == "<" && self[start + 1]?.isASCIILetter == true) else { return nil }
        var at = start + 1
        while self[at] != nil, !holds(at, " \t\n\r\u{A0}|(){}\"<>@") { at += 1 }
        guard self[at] == "@" else { return nil }
        var end = at + 1
        while self[end] != nil, !holds(end, " \t\n\r\u{A0}|(){}\"<") {
            end += 1
            if self[end - 1] == ">" { break }
        }
        while end > at + 1, self[end - 1] == "." { end -= 1 }
        return end > at + 1 ? PTBScan(end: end, token: string(start..<end)) : nil
    }

    /// `http://` and `https://` addresses, two or more characters after the `//` up to a space, tab, line break,
    /// `|`, bracket, brace, quote, `<` or `>`, without a last `.`, `,`, `!`, `?` or `-`; and domain names with a path
    /// (`x.org/menu`: a name ending in `.com`, `.net`, `.org` or `.edu`, then `/`, a letter and a letter or digit).
    func url(at start: Int) -> PTBScan? {
        for scheme in ["http://", "https://"] where holds(start, "hH") && spells(scheme, at: start, anyCase: true) {
            var end = start + scheme.count
            while self[end] != nil, !holds(end, " \t\n\r|(){}\"<>") { end += 1 }
            while end > start, holds(end - 1, ".,!?-") { end -= 1 }
            return end - (start + scheme.count) >= 2 ? PTBScan(end: end, token: string(start..<end)) : nil
        }
        var end = runEnd(from: start), lastRun = start
        while self[end] == ".", has(end + 1, .letter) {
            lastRun = end + 1
            end = runEnd(from: end + 1)
        }
        guard lastRun > start, ["com", "net", "org", "edu"].contains(string(lastRun..<end)), self[end] == "/",
              self[end + 1]?.isASCIILetter == true,
              self[end + 2].map({ $0.isASCIILetter || $0.isASCIIDigit }) == true else { return nil }
        end += 1
        while has(end, .word) || holds(end, "-_/") { end += 1 }
        return PTBScan(end: end, token: string(start..<end))
    }

    /// `file.txt`, `12ab.PDF`, `3.x`: runs joined by periods, the last a file extension of `PTBWordLists` followed
    /// by white space, the end of the text, `.`, `,`, `!` or `?`.
    func fileName(at start: Int) -> PTBScan? {
        var end = runEnd(from: start), found: Int?
        while self[end] == ".", has(end + 1, .word) {
            let next = runEnd(from: end + 1)
            let ends = self[next] == nil || has(next, .whitespace) || holds(next, ".,!?")
            if ends, PTBWordLists.fileExtensions.contains(string(end + 1..<next).lowercased()) {
                found = next
            }
            end = next
        }
        return found.map { PTBScan(end: $0, token: string(start..<$0)) }
    }

    /// Phone numbers with spaces or hyphens: three or four groups of digits (`555 123 4567`, `44 20 7946 0958`),
    /// the last two of three or four digits; spaces inside become no-break spaces.
    func phoneNumber(at start: Int) -> PTBScan? {
        let ends = [digitGroups(from: start, [2...4, 3...4, 3...4]),
                    digitGroups(from: start, [2...4, 2...4, 3...4, 3...4])]
        guard let end = ends.compactMap({ $0 }).max() else { return nil }
        return PTBScan(end: end, token: string(start..<end).replacingOccurrences(of: " ", with: "\u{A0}"))
    }

    /// A whole number and a fraction after one space (`1 1/2`), the space written as a no-break space.
    func fraction(at start: Int) -> PTBScan? {
        let wholeEnd = asciiDigitsEnd(from: start)
        guard wholeEnd > start, self[wholeEnd] == " " else { return nil }
        let numeratorEnd = asciiDigitsEnd(from: wholeEnd + 1)
        guard numeratorEnd > wholeEnd + 1, self[numeratorEnd] == "/" else { return nil }
        let end = asciiDigitsEnd(from: numeratorEnd + 1)
        guard end > numeratorEnd + 1 else { return nil }
        return PTBScan(end: end, token: string(start..<wholeEnd) + "\u{A0}" + string(wholeEnd + 1..<end))
    }

    /// The end of groups of ASCII digits of the given sizes separated by a space, `-` or `.`; the last group may be
    /// the start of a longer run.
    func digitGroups(from start: Int, _ sizes: [ClosedRange<Int>]) -> Int? {
        var position = start
        for (index, size) in sizes.enumerated() {
            if index > 0 {
                guard holds(position, " -.") else { return nil }
                position += 1
            }
            let run = asciiDigitsEnd(from: position) - position
            let isLast = index == sizes.count - 1
            guard isLast ? run >= size.lowerBound : size.contains(run) else { return nil }
            position += min(run, size.upperBound)
        }
        return position
    }

    func asciiDigitsEnd(from start: Int) -> Int {
        var end = start
        while self[end]?.isASCIIDigit == true { end += 1 }
        return end
    }

    private func capitalsEnd(from start: Int) -> Int {
        var end = start
        while self[end]?.isASCIIUppercase == true { end += 1 }
        return end
    }

    private func isVowel(_ scalar: Unicode.Scalar) -> Bool {
        "aeiouAEIOU".unicodeScalars.contains(scalar)
    }
}
