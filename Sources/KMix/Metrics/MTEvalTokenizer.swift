/// The tokenization of NIST's `mteval-v13a.pl` (its default, non-international one) as e2e-metrics runs it: the
/// text written into an SGML segment and read back (runs of white space made one space), SGML entities for `"`,
/// `&`, `<`, `>` decoded, ASCII capitals lowercased (`tr/[A-Z]/[a-z]/`; other capitals stay), ASCII punctuation
/// split off except `'`, and `-` only after a digit, `.` and `,` split unless between digits.
enum MTEvalTokenizer {
    /// The tokens of `text`.
    static func tokenize(_ text: String) -> [String] {
        var scalars = collapsingSpaces(text.unicodeScalars.map(\.value))
        if scalars.contains(0x3C) { scalars = replacing("<skipped>", with: "", in: scalars) }
        if scalars.contains(0x26) {
            for (entity, character) in [("&quot;", "\""), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">")] {
                scalars = replacing(entity, with: character, in: scalars)
            }
        }
        var spaced: [UInt32] = [0x20]
        spaced.reserveCapacity(scalars.count * 2 + 2)
        for value in scalars {
            let lowered = value >= 0x41 && value <= 0x5A ? value + 32 : value
            if isSplitPunctuation(lowered) {
                spaced += [0x20, lowered, 0x20]
            } else {
                spaced.append(lowered)
            }
        }
        spaced.append(0x20)
        // s/([^0-9])([\.,])/$1 $2 /g, s/([\.,])([^0-9])/ $1 $2/g, s/([0-9])(-)/$1 $2 /g
        spaced = pairs(spaced, matching: { !isDigit($0) && isPeriodOrComma($1) }, spaceBefore: false)
        spaced = pairs(spaced, matching: { isPeriodOrComma($0) && !isDigit($1) }, spaceBefore: true)
        spaced = pairs(spaced, matching: { isDigit($0) && $1 == 0x2D }, spaceBefore: false)
        var tokens: [String] = []
        var token = String.UnicodeScalarView()
        for value in spaced {
            if isPerlSpace(value) {
                if !token.isEmpty { tokens.append(String(token)) }
                token = String.UnicodeScalarView()
            } else if let scalar = Unicode.Scalar(value) {
                token.append(scalar)
            }
        }
        if !token.isEmpty { tokens.append(String(token)) }
        return tokens
    }

    /// `[\{-\~\[-\` -\&\(-\+\:-\@\/]`: ASCII punctuation and symbols but `'`, `,`, `-`, `.`.
    private static func isSplitPunctuation(_ value: UInt32) -> Bool {
        switch value {
        case 0x7B...0x7E, 0x5B...0x60, 0x20...0x26, 0x28...0x2B, 0x3A...0x40, 0x2F: true
        default: false
        }
    }

    private static func isDigit(_ value: UInt32) -> Bool { value >= 0x30 && value <= 0x39 }

    private static func isPeriodOrComma(_ value: UInt32) -> Bool { value == 0x2E || value == 0x2C }

    /// Perl's `\s` on a character string.
    private static func isPerlSpace(_ value: UInt32) -> Bool {
        switch value {
        case 0x09...0x0D, 0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// `s/\s+/ /g` then the ends trimmed (the SGML round trip; the tokenizer trims again).
    private static func collapsingSpaces(_ values: [UInt32]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(values.count)
        var pendingSpace = false
        for value in values {
            if isPerlSpace(value) {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(0x20) }
                pendingSpace = false
                result.append(value)
            }
        }
        return result
    }

    /// `s/pattern/replacement/g` for a fixed pattern.
    private static func replacing(_ pattern: String, with replacement: String, in values: [UInt32]) -> [UInt32] {
        let pattern = pattern.unicodeScalars.map(\.value), replacement = replacement.unicodeScalars.map(\.value)
        var result: [UInt32] = []
        var index = 0
        while index < values.count {
            if values[index] == pattern[0], values[index...].starts(with: pattern) {
                result += replacement
                index += pattern.count
            } else {
                result.append(values[index])
                index += 1
            }
        }
        return result
    }

    /// `s/(a)(b)/$1 $2 /g` (or `/ $1 $2/g` with `spaceBefore`) for the pairs `matching` accepts: matches do not
    /// overlap, the next one starting after the pair, as Perl scans.
    private static func pairs(_ values: [UInt32], matching: (UInt32, UInt32) -> Bool, spaceBefore: Bool) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(values.count + values.count / 2)
        var index = 0
        while index < values.count {
            if index + 1 < values.count, matching(values[index], values[index + 1]) {
                if spaceBefore {
                    result += [0x20, values[index], 0x20, values[index + 1]]
                } else {
                    result += [values[index], 0x20, values[index + 1], 0x20]
                }
                index += 2
            } else {
                result.append(values[index])
                index += 1
            }
        }
        return result
    }
}
