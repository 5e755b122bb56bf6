/// Turns token strings back into text, like the decoders of Hugging Face `tokenizers`.
enum TokenDecoder: Sendable {
    /// No decoder: the tokens joined by single spaces.
    case none
    /// `WordPiece`: a token that starts with `prefix` joins the one before it (without the prefix), any other is
    /// preceded by a space; `cleanup` then takes the space out of " .", " ?", " !", " ,", " n't", " 's" and the
    /// like, within each token, as `tokenizers` does.
    case wordPiece(prefix: String, cleanup: Bool)
    /// `ByteLevel`: each token's characters back to the bytes they stand for (a token with a character that stands
    /// for no byte, such as an added token with a space, gives its own UTF-8), and the bytes read as UTF-8 with
    /// U+FFFD for what is not.
    case byteLevel

    /// The text of `tokens`.
    func decode(_ tokens: [String]) -> String {
        switch self {
        case .none:
            return tokens.joined(separator: " ")
        case .wordPiece(let prefix, let cleanup):
            var bytes: [UInt8] = []
            for (index, token) in tokens.enumerated() {
                var piece: [UInt8]
                if index == 0 {
                    piece = Array(token.utf8)
                } else if token.utf8.starts(with: prefix.utf8) {
                    piece = Array(token.utf8.dropFirst(prefix.utf8.count))
                } else {
                    piece = [UInt8(ascii: " ")] + Array(token.utf8)
                }
                if cleanup { piece = Self.cleanedUp(piece) }
                bytes += piece
            }
            return String(decoding: bytes, as: UTF8.self)
        case .byteLevel:
            var bytes: [UInt8] = []
            for token in tokens {
                let start = bytes.count
                for scalar in token.unicodeScalars {
                    guard let byte = ByteLevelAlphabet.byte(for: scalar) else {
                        bytes.removeSubrange(start...)
                        bytes += token.utf8
                        break
                    }
                    bytes.append(byte)
                }
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// The replacements of `tokenizers`' WordPiece cleanup, in its order.
    private static let cleanups: [(from: [UInt8], to: [UInt8])] = [
        (" .", "."), (" ?", "?"), (" !", "!"), (" ,", ","), (" ' ", "'"), (" n't", "n't"), (" 'm", "'m"),
        (" do not", " don't"), (" 's", "'s"), (" 've", "'ve"), (" 're", "'re"),
    ].map { (Array($0.0.utf8), Array($0.1.utf8)) }

    /// `piece` with each cleanup applied in turn, every occurrence left to right.
    private static func cleanedUp(_ piece: [UInt8]) -> [UInt8] {
        var text = piece
        for (from, to) in cleanups where text.count >= from.count {
            var result: [UInt8] = []
            result.reserveCapacity(text.count)
            var index = 0
            while index < text.count {
                if text[index] == from[0], text[index...].starts(with: from) {
                    result += to
                    index += from.count
                } else {
                    result.append(text[index])
                    index += 1
                }
            }
            text = result
        }
        return text
    }
}
