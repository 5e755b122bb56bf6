/// Strings: UTF-8 checked byte by byte (no replacement characters), control characters refused, escapes decoded,
/// surrogate pairs joined and unpaired surrogates refused (a Swift string cannot hold one).
extension JSONParser {
    /// The string whose opening quote is at the current position.
    mutating func parseString() throws(JSONSyntaxError) -> String {
        position += 1
        var segmentStart = position
        var decoded: [UInt8] = [], hasEscapes = false
        while true {
            guard position < bytes.count else { throw endFailure("expected '\"' to close the string") }
            switch bytes[position] {
            case UInt8(ascii: "\""):
                let text: String
                if hasEscapes {
                    decoded += bytes[segmentStart..<position]
                    text = String(decoding: decoded, as: UTF8.self)
                } else {
                    text = String(decoding: bytes[segmentStart..<position], as: UTF8.self)
                }
                position += 1
                return text
            case UInt8(ascii: "\\"):
                decoded += bytes[segmentStart..<position]
                hasEscapes = true
                try parseEscape(into: &decoded)
                segmentStart = position
            case 0..<0x20:
                let name = Self.scalarName(UInt32(bytes[position]))
                throw failure("the control character \(name) must be escaped in a string (\\u\(name.dropFirst(2)))")
            case 0x20..<0x80:
                position += 1
            default:
                guard let length = utf8SequenceLength(at: position) else {
                    throw failure("the string holds \(found()); JSON text must be UTF-8")
                }
                position += length
            }
        }
    }

    /// The length of the well-formed UTF-8 sequence of a non-ASCII scalar at `offset`, nil when there is none
    /// (a stray continuation byte, an overlong form, a surrogate, a scalar beyond U+10FFFF, a cut sequence).
    func utf8SequenceLength(at offset: Int) -> Int? {
        let length: Int, second: ClosedRange<UInt8>
        switch bytes[offset] {
        case 0xC2...0xDF: (length, second) = (2, 0x80...0xBF)
        case 0xE0: (length, second) = (3, 0xA0...0xBF)
        case 0xE1...0xEC, 0xEE...0xEF: (length, second) = (3, 0x80...0xBF)
        case 0xED: (length, second) = (3, 0x80...0x9F)
        case 0xF0: (length, second) = (4, 0x90...0xBF)
        case 0xF1...0xF3: (length, second) = (4, 0x80...0xBF)
        case 0xF4: (length, second) = (4, 0x80...0x8F)
        default: return nil
        }
        guard offset + length <= bytes.count, second.contains(bytes[offset + 1]) else { return nil }
        for index in (offset + 2)..<(offset + length) where bytes[index] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// Decodes the escape whose backslash is at the current position, appending its UTF-8 bytes to `buffer`.
    private mutating func parseEscape(into buffer: inout [UInt8]) throws(JSONSyntaxError) {
        let escapeStart = position
        position += 1
        guard position < bytes.count else { throw endFailure("expected an escape after '\\'") }
        let letter = bytes[position]
        position += 1
        switch letter {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): buffer.append(letter)
        case UInt8(ascii: "b"): buffer.append(0x08)
        case UInt8(ascii: "f"): buffer.append(0x0C)
        case UInt8(ascii: "n"): buffer.append(0x0A)
        case UInt8(ascii: "r"): buffer.append(0x0D)
        case UInt8(ascii: "t"): buffer.append(0x09)
        case UInt8(ascii: "u"): UTF8.encode(try parseUnicodeEscape(startingAt: escapeStart)) { buffer.append($0) }
        default:
            throw failure("'\\' followed by \(found(at: escapeStart + 1)) is not an escape "
                          + "(JSON has \\\" \\\\ \\/ \\b \\f \\n \\r \\t and \\uXXXX)", at: escapeStart)
        }
    }

    /// The scalar of the `\uXXXX` escape at `escapeStart`, whose four digits follow; a high surrogate must be
    /// followed by the `\uXXXX` of a low one.
    private mutating func parseUnicodeEscape(startingAt escapeStart: Int) throws(JSONSyntaxError) -> Unicode.Scalar {
        let unit = try parseHexDigits(escapeStart: escapeStart)
        func unpaired() -> JSONSyntaxError {
            failure("\\u\(String(unit, radix: 16, uppercase: true)) is half of a surrogate pair without its other "
                    + "half, which no string can hold", at: escapeStart)
        }
        switch unit {
        case 0xD800...0xDBFF:
            let lowStart = position
            guard bytes[position...].starts(with: [UInt8(ascii: "\\"), UInt8(ascii: "u")]) else { throw unpaired() }
            position += 2
            let low = try parseHexDigits(escapeStart: lowStart)
            guard (0xDC00...0xDFFF).contains(low) else { throw unpaired() }
            return Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))!
        case 0xDC00...0xDFFF:
            throw unpaired()
        default:
            return Unicode.Scalar(unit)!
        }
    }

    /// The four hexadecimal digits at the current position, of the escape at `escapeStart`.
    private mutating func parseHexDigits(escapeStart: Int) throws(JSONSyntaxError) -> UInt32 {
        var value: UInt32 = 0
        for index in position..<(position + 4) {
            guard index < bytes.count else { throw endFailure("expected four hexadecimal digits after '\\u'") }
            guard let digit = Self.hexDigit(bytes[index]) else {
                throw failure("expected four hexadecimal digits after '\\u', found \(found(at: index))", at: escapeStart)
            }
            value = value << 4 | digit
        }
        position += 4
        return value
    }

    private static func hexDigit(_ byte: UInt8) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }
}
