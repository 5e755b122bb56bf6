/// The character classes of GPT-2's pre-tokenization pattern as the Oniguruma regex engine of Hugging Face
/// `tokenizers` 0.23 sees them: `\p{L}`, `\p{N}`, `\s`, and everything else.
///
/// Oniguruma there knows Unicode 16, so letters and numbers assigned later (which Swift's tables, of a newer
/// Unicode, know) are "other" here, as they are to the regex. Whitespace is the `White_Space` property.
enum ByteLevelCharacterClass: Sendable {
    /// `\p{L}`: the general categories Lu, Ll, Lt, Lm, Lo.
    case letter
    /// `\p{N}`: Nd, Nl, No.
    case number
    /// `\s`.
    case whitespace
    /// Anything else: punctuation, symbols, marks, controls, unassigned code points.
    case other

    /// The class of `scalar`.
    static func of(_ scalar: Unicode.Scalar) -> ByteLevelCharacterClass {
        let value = scalar.value
        if value < 0x80 { return ascii[Int(value)] }
        let properties = scalar.properties
        if properties.isWhitespace { return .whitespace }
        let category: ByteLevelCharacterClass
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: category = .letter
        case .decimalNumber, .letterNumber, .otherNumber: category = .number
        default: return .other
        }
        guard let age = properties.age, age.major < 16 || (age.major == 16 && age.minor == 0) else { return .other }
        return category
    }

    /// The classes of ASCII, looked up rather than computed.
    private static let ascii: [ByteLevelCharacterClass] = (0..<128).map { value in
        switch UInt8(value) {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"): .letter
        case UInt8(ascii: "0")...UInt8(ascii: "9"): .number
        case 0x09...0x0D, 0x20: .whitespace
        default: .other
        }
    }
}
