/// How the PTB tokenizer (`PTBScanner`) classes characters, as Stanford CoreNLP 3.4.1's tokenizer was observed to
/// class them: letters, digits and marks of Unicode 6.1 make words; characters it does not know (later Unicode,
/// emoji and other characters outside the BMP, private use, controls, formatting) separate tokens like spaces.
/// The classes of the BMP are computed once into a table, as Unicode property look-ups are slow.
struct PTBCharacterClass: OptionSet {
    let rawValue: UInt8

    /// A letter, decimal digit or combining mark that words are made of.
    static let word = PTBCharacterClass(rawValue: 1 << 0)
    /// A letter of a word (not a digit or mark).
    static let letter = PTBCharacterClass(rawValue: 1 << 1)
    /// A decimal digit of any script.
    static let digit = PTBCharacterClass(rawValue: 1 << 2)
    /// A character that only separates tokens: white space, and what the tokenizer drops.
    static let separator = PTBCharacterClass(rawValue: 1 << 3)
    static let whitespace = PTBCharacterClass(rawValue: 1 << 4)
    static let uppercase = PTBCharacterClass(rawValue: 1 << 5)

    /// The class of each BMP scalar value (surrogates as separators).
    static let table: [PTBCharacterClass] = (0..<0x10000).map { value in
        Unicode.Scalar(UInt32(value)).map(classify) ?? .separator
    }

    private static func classify(_ scalar: Unicode.Scalar) -> PTBCharacterClass {
        let properties = scalar.properties
        var result: PTBCharacterClass = []
        // U+0085 is an ellipsis to the tokenizer (see `PTBScanner.replacements`), not white space.
        if properties.isWhitespace && scalar.value != 0x85 { result.formUnion([.whitespace, .separator]) }
        if properties.isUppercase { result.insert(.uppercase) }
        let known = properties.age.map { $0.major < 6 || ($0.major == 6 && $0.minor <= 1) } ?? false
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
            result.insert(known ? [.word, .letter] : .separator)
        case .decimalNumber:
            result.insert(known ? [.word, .digit] : .separator)
        case .nonspacingMark, .spacingMark:
            result.insert(known ? .word : .separator)
        case .control:
            // Windows-1252's euro sign, ellipsis, quotes and dashes where Latin-1 has controls are kept.
            if ![0x80, 0x85, 0x91, 0x92, 0x93, 0x94, 0x96, 0x97].contains(scalar.value) { result.insert(.separator) }
        case .format:
            // The soft hyphen and Arabic number signs are kept.
            if scalar.value != 0xAD && !(0x600...0x603).contains(scalar.value) { result.insert(.separator) }
        case .privateUse, .unassigned, .surrogate, .enclosingMark:
            result.insert(.separator)
        default:
            if scalar.value == 0xFFFD { result.insert(.separator) }
        }
        return result
    }
}

extension Unicode.Scalar {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
    var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
    var isASCIIUppercase: Bool { ("A"..."Z").contains(self) }
}
