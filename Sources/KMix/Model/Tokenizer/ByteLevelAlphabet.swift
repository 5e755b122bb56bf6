/// GPT-2's table between bytes and the characters byte-level BPE vocabularies are written in.
///
/// The printable bytes `!`…`~`, `¡`…`¬` and `®`…`ÿ` stand for themselves; the other 68 (controls, space,
/// `\u{7F}`…`\u{A0}`, the soft hyphen) become U+0100 onwards in byte order, so that a space is `Ġ` and a newline `Ċ`.
enum ByteLevelAlphabet {
    /// The character of each byte.
    static let characters: [Unicode.Scalar] = {
        var characters = [Unicode.Scalar](repeating: "\0", count: 256)
        var next: UInt32 = 256
        for byte in 0..<256 {
            if isPrintable(byte) {
                characters[byte] = Unicode.Scalar(UInt8(byte))
            } else {
                characters[byte] = Unicode.Scalar(next) ?? "\0"
                next += 1
            }
        }
        return characters
    }()

    /// The byte of each character up to U+0143, or -1 for a character that stands for no byte.
    private static let bytes: [Int16] = {
        var bytes = [Int16](repeating: -1, count: 0x144)
        for (byte, character) in characters.enumerated() { bytes[Int(character.value)] = Int16(byte) }
        return bytes
    }()

    /// The byte `character` stands for, or nil when it stands for none.
    static func byte(for character: Unicode.Scalar) -> UInt8? {
        let value = Int(character.value)
        guard value < bytes.count, bytes[value] >= 0 else { return nil }
        return UInt8(bytes[value])
    }

    private static func isPrintable(_ byte: Int) -> Bool {
        (33...126).contains(byte) || (161...172).contains(byte) || (174...255).contains(byte)
    }
}
