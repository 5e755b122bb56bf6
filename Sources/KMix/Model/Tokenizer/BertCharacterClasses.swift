/// The character classes of Hugging Face `tokenizers`' BERT normalizer and pre-tokenizer.
///
/// `tokenizers` takes whitespace and lowercasing from Rust's standard library (current Unicode), control
/// characters, punctuation and non-spacing marks from the `unicode_categories` crate, whose tables are
/// Unicode 8.0, and canonical decomposition from a crate with Unicode 9.0 data. So a character assigned
/// after Unicode 8.0 is never control, punctuation or a non-spacing mark here, one assigned after 9.0 is
/// never decomposed, and the few characters whose general category changed since 8.0 keep their old class.
enum BertCharacterClasses {
    /// Whether `scalar` was assigned by Unicode 8.0, the version of the `unicode_categories` tables.
    static func existsInUnicode8(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age.major < 8 || (age.major == 8 && age.minor == 0)
    }

    /// Whether `scalar` was assigned by Unicode 9.0, the version of the canonical decompositions `tokenizers` uses.
    static func existsInUnicode9(_ scalar: Unicode.Scalar) -> Bool {
        guard let age = scalar.properties.age else { return false }
        return age.major < 9 || (age.major == 9 && age.minor == 0)
    }

    /// Rust's `char::is_whitespace`: the Unicode White_Space property.
    static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar == " " || (0x09...0x0D).contains(scalar.value)
        }
        return scalar.properties.isWhitespace
    }

    /// BERT's control characters: Cc, Cf and Co (Unicode 8.0), except tab, newline and carriage return.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar.value < 0x20 ? !(scalar == "\t" || scalar == "\n" || scalar == "\r") : scalar.value == 0x7F
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .privateUse: return existsInUnicode8(scalar)
        default: return false
        }
    }

    /// BERT's punctuation: ASCII punctuation, or a general category P* (Unicode 8.0).
    static func isPunctuation(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x80 {
            return (33...47).contains(value) || (58...64).contains(value) || (91...96).contains(value) || (123...126).contains(value)
        }
        switch value {
        case 0x166D, 0x111C9:
            // Po in Unicode 8.0; So (CANADIAN SYLLABICS CHI SIGN) and Mn (SHARADA SANDHI MARK) since.
            return true
        default:
            break
        }
        switch scalar.properties.generalCategory {
        case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
             .initialPunctuation, .finalPunctuation, .otherPunctuation:
            return existsInUnicode8(scalar)
        default:
            return false
        }
    }

    /// A non-spacing mark (general category Mn, Unicode 8.0), removed when stripping accents.
    static func isNonspacingMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x300:
            return false
        case 0x1734, 0x1171E:
            // Mn in Unicode 8.0, Mc since.
            return true
        case 0x1885, 0x1886, 0xA9BD, 0x111C9:
            // Lo, Lo, Mc and Po in Unicode 8.0, Mn since.
            return false
        default:
            return scalar.properties.generalCategory == .nonspacingMark && existsInUnicode8(scalar)
        }
    }

    /// The CJK ideograph blocks that the `tokenizers` BERT normalizer surrounds with spaces.
    ///
    /// They are BERT's `_is_chinese_char` ranges, except that `tokenizers` starts CJK Extension E at U+2B920.
    static func isChineseCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x4E00...0x9FFF, 0x3400...0x4DBF, 0x20000...0x2A6DF, 0x2A700...0x2B73F,
             0x2B740...0x2B81F, 0x2B920...0x2CEAF, 0xF900...0xFAFF, 0x2F800...0x2FA1F:
            true
        default:
            false
        }
    }

    /// A word character of Rust's `regex` (`\w`): Alphabetic, a mark, a decimal digit, connector punctuation or Join_Control.
    static func isWordCharacter(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        if properties.isAlphabetic || properties.isJoinControl { return true }
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .decimalNumber, .connectorPunctuation: return true
        default: return false
        }
    }
}
