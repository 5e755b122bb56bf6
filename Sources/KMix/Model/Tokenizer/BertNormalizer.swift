import Foundation

/// The `BertNormalizer` of Hugging Face `tokenizers`, on Unicode scalars.
///
/// The steps run in the order `tokenizers` runs them: clean the text, space out Chinese characters, strip
/// accents, lowercase. Accents are stripped *before* lowercasing (Python BERT does the opposite), and
/// lowercasing maps each scalar on its own like Rust's `char::to_lowercase` (no final-sigma rule; "İ"
/// becomes "i" + U+0307 when accents are kept).
struct BertNormalizer: Sendable {
    /// Drop NUL, U+FFFD and control characters; turn every whitespace character into a space.
    var cleanText: Bool
    /// Put a space before and after every CJK ideograph.
    var handleChineseCharacters: Bool
    /// Decompose (NFD) and drop non-spacing marks.
    var stripAccents: Bool
    /// Lowercase every scalar.
    var lowercase: Bool

    /// Returns the normalized scalars of `input`.
    func normalize(_ input: ArraySlice<Unicode.Scalar>) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(input.count + 8)
        var hasNonASCII = false
        for original in input {
            var scalar = original
            if cleanText {
                if scalar.value == 0 || scalar.value == 0xFFFD || BertCharacterClasses.isControl(scalar) { continue }
                if BertCharacterClasses.isWhitespace(scalar) { scalar = " " }
            }
            if scalar.value >= 0x80 { hasNonASCII = true }
            if handleChineseCharacters && BertCharacterClasses.isChineseCharacter(scalar) {
                output.append(" ")
                output.append(scalar)
                output.append(" ")
            } else {
                output.append(scalar)
            }
        }
        if stripAccents && hasNonASCII {
            output = Self.stripNonspacingMarks(output)
        }
        if lowercase {
            output = Self.lowercased(output)
        }
        return output
    }

    /// NFD, then every non-spacing mark removed.
    ///
    /// Characters assigned after Unicode 9.0 are unknown to the decomposition tables of `tokenizers`: they stay
    /// as they are and, being starters there, bound the runs that are decomposed and reordered.
    private static func stripNonspacingMarks(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        var runStart = 0
        func decomposeRun(upTo end: Int) {
            guard runStart < end else { return }
            let run = String(String.UnicodeScalarView(scalars[runStart..<end])).decomposedStringWithCanonicalMapping
            for scalar in run.unicodeScalars where !BertCharacterClasses.isNonspacingMark(scalar) {
                output.append(scalar)
            }
        }
        for (index, scalar) in scalars.enumerated() where scalar.value >= 0x80 && !BertCharacterClasses.existsInUnicode9(scalar) {
            decomposeRun(upTo: index)
            output.append(scalar)
            runStart = index + 1
        }
        decomposeRun(upTo: scalars.count)
        return output
    }

    /// Each scalar replaced by its full lowercase mapping.
    private static func lowercased(_ scalars: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var output: [Unicode.Scalar] = []
        output.reserveCapacity(scalars.count)
        for scalar in scalars {
            if scalar.value < 0x80 {
                let isUpper = scalar.value >= 0x41 && scalar.value <= 0x5A
                output.append(isUpper ? Unicode.Scalar(UInt8(scalar.value) + 0x20) : scalar)
            } else if scalar.properties.changesWhenLowercased {
                output.append(contentsOf: scalar.properties.lowercaseMapping.unicodeScalars)
            } else {
                output.append(scalar)
            }
        }
        return output
    }
}
