/// The PTB tokenization e2e-metrics' `pycocoevalcap` applies to captions, Stanford CoreNLP 3.4.1's
/// `java edu.stanford.nlp.process.PTBTokenizer -preserveLines -lowerCase` on a file: the lines are one text joined
/// by `\n` (so a line's last token can depend on how the next line starts, as in Java), scanned by `PTBScanner`,
/// every token lowercased. `PTBScanner` is written from the Java tokenizer's observed behaviour, not from its
/// source; docs/generation.md (Scores) gives its measured agreement with the jar.
enum PTBTokenizer {
    /// The tokens of each line of `lines`, which hold no `\n` (nor the other line breaks Java reads: `\r`, U+000B,
    /// U+000C, U+2028, U+2029).
    static func tokenize(lines: [String]) -> [[String]] {
        var scanner = PTBScanner(lines.joined(separator: "\n"))
        var result: [[String]] = [[]]
        while let item = scanner.next() {
            switch item {
            case .token(let token): result[result.count - 1].append(lowercased(token))
            case .lineBreak: result.append([])
            }
        }
        return result
    }

    /// The token as Java's `toLowerCase(Locale.ENGLISH)` writes it (ASCII tokens, nearly all, without decoding).
    private static func lowercased(_ token: String) -> String {
        let utf8 = token.utf8
        guard utf8.allSatisfy({ $0 < 0x80 }) else { return finalSigmaLowercased(token) }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            for (index, byte) in utf8.enumerated() {
                buffer[index] = byte >= 0x41 && byte <= 0x5A ? byte + 32 : byte
            }
            return utf8.count
        }
    }

    /// `lowercased()`, with a capital sigma that ends a word (a cased letter before it, none after it, case-ignorable
    /// characters skipped: Unicode's Final_Sigma) as `ς`, as Java lowercases it.
    private static func finalSigmaLowercased(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard scalars.contains("\u{3A3}") else { return text.lowercased() }
        func casedLetter(in range: some Sequence<Int>) -> Bool {
            for index in range {
                let properties = scalars[index].properties
                if properties.isCaseIgnorable { continue }
                return properties.isCased
            }
            return false
        }
        var result = ""
        for (index, scalar) in scalars.enumerated() {
            if scalar == "\u{3A3}", casedLetter(in: stride(from: index - 1, through: 0, by: -1)),
               !casedLetter(in: (index + 1)..<scalars.count) {
                result += "\u{3C2}"
            } else {
                result += String(scalar).lowercased()
            }
        }
        return result
    }
}
