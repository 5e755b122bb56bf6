import KMix

/// Byte-level mutations that find parser bugs: flips, insertions of bytes that matter to text and JSON,
/// deletions, truncation, duplication, and numbers replaced by extreme ones.
public enum Mutator {
    public static let tokens: [String] = ["0", "-1", "1e309", "-1e309", "nan", "NaN", "Infinity", "99999999999999999999",
                                   "9223372036854775808", "-0", "0.5", "\"x\"", "null", "[]", "{}", "true", "\"\"",
                                   "1e-45", "4294967296"]
    public static let bytes: [[UInt8]] = [[0x0D], [0x0D, 0x0A], [0x09], [0x00], [0xFF], [0xEF, 0xBB, 0xBF], [0x22], [0x5C],
                                   [0x7B], [0x7D], [0x5B], [0x5D], [0x2C], [0x3A], [0x0A], [0xC3], [0xE6, 0x9D, 0xB1]]

    /// `input` with one to three mutations, drawn from `generator`.
    public static func mutate(_ input: [UInt8], using generator: inout SeededGenerator) -> [UInt8] {
        var bytes = input
        for _ in 0..<Int.random(in: 1...3, using: &generator) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0..<bytes.count, using: &generator)
            switch Int.random(in: 0..<7, using: &generator) {
            case 0 where !bytes.isEmpty: bytes[at] = UInt8.random(in: 0...255, using: &generator)
            case 1: bytes.insert(contentsOf: Self.bytes.randomElement(using: &generator)!, at: at)
            case 2 where !bytes.isEmpty:
                bytes.removeSubrange(at..<min(bytes.count, at + Int.random(in: 1...16, using: &generator)))
            case 3: bytes = Array(bytes.prefix(at))
            case 4 where !bytes.isEmpty:
                let end = min(bytes.count, at + Int.random(in: 1...64, using: &generator))
                bytes.insert(contentsOf: bytes[at..<end], at: end)
            case 5: replaceNumber(in: &bytes, near: at, using: &generator)
            default:
                if !bytes.isEmpty { bytes[at] ^= UInt8(1) << UInt8.random(in: 0...7, using: &generator) }
            }
        }
        return bytes
    }

    /// Replaces the run of digits at or after `start` with an extreme token.
    static func replaceNumber(in bytes: inout [UInt8], near start: Int, using generator: inout SeededGenerator) {
        let isDigit = { (byte: UInt8) in byte >= 0x30 && byte <= 0x39 }
        guard let first = bytes[min(start, bytes.count)...].firstIndex(where: isDigit) else { return }
        let end = bytes[first...].firstIndex { !isDigit($0) } ?? bytes.count
        bytes.replaceSubrange(first..<end, with: Array(tokens.randomElement(using: &generator)!.utf8))
    }
}
