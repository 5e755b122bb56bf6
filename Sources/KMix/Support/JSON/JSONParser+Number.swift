/// Numbers, by RFC 8259's grammar: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`. The literal is kept as
/// written (`JSONNumber`); the typed readers convert it.
extension JSONParser {
    /// The number that starts at the current position (a `-` or a digit).
    mutating func parseNumber() throws(JSONSyntaxError) -> JSONNumber {
        let numberStart = position
        var isInteger = true
        if bytes[position] == UInt8(ascii: "-") { position += 1 }
        if position < bytes.count, bytes[position] == UInt8(ascii: "0") {
            position += 1
            if position < bytes.count, Self.isDigit(bytes[position]) {
                throw failure("a number cannot start with 0 followed by another digit")
            }
        } else {
            try skipDigits(after: "'-'")
        }
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            isInteger = false
            position += 1
            try skipDigits(after: "a decimal point")
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            isInteger = false
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            try skipDigits(after: "an exponent's 'e'")
        }
        return JSONNumber(checkedLiteral: String(decoding: bytes[numberStart..<position], as: UTF8.self),
                          isInteger: isInteger)
    }

    /// Steps over one or more digits, which must follow `what`.
    private mutating func skipDigits(after what: String) throws(JSONSyntaxError) {
        guard position < bytes.count else { throw endFailure("expected a digit after \(what)") }
        guard Self.isDigit(bytes[position]) else { throw failure("expected a digit after \(what), found \(found())") }
        while position < bytes.count, Self.isDigit(bytes[position]) { position += 1 }
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }
}
