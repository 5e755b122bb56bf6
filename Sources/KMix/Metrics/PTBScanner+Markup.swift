/// Emoticons, parenthesized forms (phone numbers, `(x.x)` faces), SGML tags and HTML entities.
extension PTBScanner {
    /// `:)`, `;-D`, `:'(`, `>:(`, `=p`: eyes (`:` `;` `=`, after an optional `<` or `>`), an optional nose (`-` `'`
    /// `o`) and a mouth, not followed by an ASCII letter or digit; brackets in it are written `-LRB-`/`-RRB-` (`:)`
    /// is `:-RRB-`).
    func emoticon(at start: Int) -> PTBScan? {
        let eyes = holds(start, "<>") ? 2 : 1
        guard holds(start + eyes - 1, ":;=") else { return nil }
        var mouth = start + eyes
        let hasNose = holds(mouth, "-'o")
        if hasNose { mouth += 1 }
        let plainColon = eyes == 1 && text[start] == ":" && !hasNose
        guard holds(mouth, ")(DPpd|\\O][{@") || (plainColon && self[mouth] == "3"),
              !(self[mouth + 1].map { $0.isASCIILetter || $0.isASCIIDigit } ?? false) else { return nil }
        return PTBScan(end: mouth + 1, token: bracketsNamed(string(start..<mouth + 1)))
    }

    /// `^_^`, `-_-`, `>_<`.
    func face(at start: Int) -> PTBScan? {
        let eyes: StaticString = "^-><"
        guard holds(start, eyes), self[start + 1] == "_", holds(start + 2, eyes) else { return nil }
        return PTBScan(end: start + 3, token: string(start..<start + 3))
    }

    /// `(x.x)`, `(^_^)`, `(>_<)`: a face in brackets, one token.
    func parenthesizedFace(at start: Int) -> PTBScan? {
        let eyes: StaticString = "x^-><"
        guard holds(start + 1, eyes), holds(start + 2, "._"), holds(start + 3, eyes), self[start + 4] == ")" else {
            return nil
        }
        return PTBScan(end: start + 5, token: bracketsNamed(string(start..<start + 5)))
    }

    /// `(555) 555-1234`, `(55)555 1234`, `(555) 5551234`: an area code of two or three digits in brackets, then
    /// three digits, an optional space or hyphen and three or four digits; spaces become no-break spaces.
    func parenthesizedPhoneNumber(at start: Int) -> PTBScan? {
        let areaEnd = asciiDigitsEnd(from: start + 1)
        guard (2...3).contains(areaEnd - start - 1), self[areaEnd] == ")" else { return nil }
        let number = self[areaEnd + 1] == " " ? areaEnd + 2 : areaEnd + 1
        let run = asciiDigitsEnd(from: number) - number
        let exchangeEnd = number + 3, lineStart = holds(exchangeEnd, " -") ? exchangeEnd + 1 : exchangeEnd
        let line = asciiDigitsEnd(from: lineStart) - lineStart
        guard run >= 3, run == 3 || lineStart == exchangeEnd, line >= 3 else { return nil }
        let end = lineStart + min(line, 4)
        let token = bracketsNamed(string(start..<end)).replacingOccurrences(of: " ", with: "\u{A0}")
        return PTBScan(end: end, token: token)
    }

    /// `<b>`, `</b>`, `<br/>`, `<a href="x">`, `<!-- x -->`: a tag name (letters first), then letters, digits,
    /// `: _ . - /`, spaces before a letter, `/` or `>`, and quoted attribute values; spaces inside are written as
    /// no-break spaces.
    func sgmlTag(at start: Int) -> PTBScan? {
        if spells("<!--", at: start) {
            var end = start + 4
            while self[end] != nil, !spells("-->", at: end) { end += 1 }
            guard self[end] != nil else { return nil }
            return PTBScan(end: end + 3, token: string(start..<end + 3).replacingOccurrences(of: " ", with: "\u{A0}"))
        }
        var end = self[start + 1] == "/" ? start + 2 : start + 1
        guard self[end]?.isASCIILetter == true else { return nil }
        while let scalar = self[end], scalar != ">" {
            if scalar == "=" {
                guard self[end + 1] == "\"" else { return nil }
                end += 2
                while let quoted = self[end], quoted != "\"", quoted != "\n" { end += 1 }
                guard self[end] == "\"" else { return nil }
            } else if scalar == " " {
                // Attribute names start with a letter.
                guard self[end + 1]?.isASCIILetter == true || holds(end + 1, " />") else { return nil }
            } else if !(scalar.isASCIILetter || scalar.isASCIIDigit || ":_.-/".unicodeScalars.contains(scalar)) {
                return nil
            }
            end += 1
        }
        guard self[end] != nil else { return nil }
        return PTBScan(end: end + 1, token: string(start..<end + 1).replacingOccurrences(of: " ", with: "\u{A0}"))
    }

    /// `&amp;` (`&`), `&lt;`, `&gt;`, `&quot;` (a quote), `&apos;`, `&mdash;` and `&ndash;` (`--`), `&nbsp;`
    /// (dropped); accented letters (`&eacute;`) and numeric references (`&#39;`) stay whole; nil for others.
    func entity(at start: Int) -> PTBScan? {
        let numeric = self[start + 1] == "#"
        let nameStart = numeric ? start + 2 : start + 1
        var end = nameStart
        while let scalar = self[end], numeric ? scalar.isASCIIDigit : scalar.isASCIILetter { end += 1 }
        guard end > nameStart, self[end] == ";" else { return nil }
        let name = string(nameStart..<end), next = end + 1
        let whole = PTBScan(end: next, token: string(start..<next))
        if numeric { return whole }
        switch name.lowercased() {
        case "amp": return PTBScan(end: next, token: "&")
        case "lt": return PTBScan(end: next, token: "<")
        case "gt": return PTBScan(end: next, token: ">")
        case "apos":
            // `&apos;` is an apostrophe: `it&apos;s` is `it 's`; other forms stay whole (`&apos;em`).
            var formEnd = next
            while self[formEnd]?.isASCIILetter == true || self[formEnd]?.isASCIIDigit == true { formEnd += 1 }
            let form = string(next..<formEnd).lowercased()
            if PTBWordLists.clitics.contains(form) { return PTBScan(end: formEnd, token: "'" + form) }
            if ["em", "n", "til", "cause"].contains(form) {
                return PTBScan(end: formEnd, token: string(start..<formEnd))
            }
            return PTBScan(end: next, token: "'")
        case "mdash", "ndash": return PTBScan(end: next, token: "--")
        case "nbsp": return PTBScan(end: next, tokens: [])
        case "quot": return name == "quot" ? PTBScan(end: next, tokens: doubleQuote(at: end).tokens) : whole
        default:
            let accented = name.count > 1 && ["acute", "grave", "uml"].contains(String(name.dropFirst()))
            return accented ? whole : nil
        }
    }

    /// `text` with `(` and `)` written `-LRB-` and `-RRB-`.
    private func bracketsNamed(_ text: String) -> String {
        text.replacingOccurrences(of: "(", with: "-LRB-").replacingOccurrences(of: ")", with: "-RRB-")
    }
}
