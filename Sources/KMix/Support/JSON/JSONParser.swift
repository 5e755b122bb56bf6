/// A recursive-descent parser of one JSON text over its UTF-8 bytes: RFC 8259 and nothing more (no comments, no
/// trailing commas, no `NaN`, no single quotes), values nested at most `maximumDepth` deep. Errors name the first
/// byte at which the text stops being JSON. Strings and numbers are read in `JSONParser+String.swift` and
/// `JSONParser+Number.swift`.
struct JSONParser {
    /// How deep arrays and objects may nest; deeper text is refused rather than risking the stack.
    static let maximumDepth = 512

    let bytes: [UInt8]
    /// Where the JSON text starts: after a byte-order mark, if there is one.
    let start: Int
    var position: Int
    var depth = 0

    init(bytes: [UInt8]) {
        self.bytes = bytes
        start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        position = start
    }

    /// The one value of the text, with nothing but whitespace after it.
    mutating func parseDocument() throws(JSONSyntaxError) -> JSONValue {
        let value = try parseValue()
        skipWhitespace()
        guard position == bytes.count else {
            throw failure("expected the end of the text after the JSON value, found \(found())")
        }
        return value
    }

    /// An error at byte `offset` (default: the current position).
    func failure(_ reason: String, at offset: Int? = nil) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, offset: offset ?? position, in: bytes, start: start, atEnd: false)
    }

    /// An error for a text that ends where `reason` says more was needed.
    func endFailure(_ reason: String) -> JSONSyntaxError {
        JSONSyntaxError(reason: reason, offset: bytes.count, in: bytes, start: start, atEnd: true)
    }

    /// What is at `offset` (default: the current position), for messages: `'x'`, a word such as `'NaN'`, a
    /// control character or a byte that is not UTF-8.
    func found(at offset: Int? = nil) -> String {
        let offset = offset ?? position
        let byte = bytes[offset]
        if Self.isWordByte(byte) {
            let word = bytes[offset...].prefix { Self.isWordByte($0) }.prefix(24)
            return "'\(String(decoding: word, as: UTF8.self))'"
        }
        if byte < 0x20 || byte == 0x7F { return "the control character \(Self.scalarName(UInt32(byte)))" }
        if byte < 0x80 { return "'\(Character(Unicode.Scalar(byte)))'" }
        guard let length = utf8SequenceLength(at: offset) else {
            return "the byte 0x\(String(byte, radix: 16, uppercase: true)), which is not UTF-8"
        }
        return "'\(String(decoding: bytes[offset..<(offset + length)], as: UTF8.self))'"
    }

    /// `U+001F` for 0x1F.
    static func scalarName(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    mutating func skipWhitespace() {
        while position < bytes.count {
            switch bytes[position] {
            case 0x20, 0x09, 0x0A, 0x0D: position += 1
            default: return
            }
        }
    }

    private mutating func parseValue() throws(JSONSyntaxError) -> JSONValue {
        skipWhitespace()
        guard position < bytes.count else { throw endFailure("expected a value") }
        switch bytes[position] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        case UInt8(ascii: "t"): try parseLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try parseLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try parseLiteral("null"); return .null
        default: throw failure("expected a value, found \(found())")
        }
    }

    private mutating func parseLiteral(_ literal: String) throws(JSONSyntaxError) {
        let rest = bytes[position...]
        if rest.count < literal.utf8.count, literal.utf8.starts(with: rest) { throw endFailure("expected '\(literal)'") }
        guard rest.starts(with: literal.utf8) else { throw failure("expected a value, found \(found())") }
        position += literal.utf8.count
    }

    /// Steps over the `[` or `{` at the current position, one level deeper.
    private mutating func enterContainer() throws(JSONSyntaxError) {
        guard depth < Self.maximumDepth else {
            throw failure("arrays and objects nest more than \(Self.maximumDepth) deep")
        }
        depth += 1
        position += 1
    }

    /// Whether the byte at the current position is `byte`, stepping over it when it is.
    private mutating func consume(_ byte: UInt8) -> Bool {
        guard position < bytes.count, bytes[position] == byte else { return false }
        position += 1
        return true
    }

    private mutating func parseObject() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var members: [JSONMember] = []
        skipWhitespace()
        if consume(UInt8(ascii: "}")) { return .object(members) }
        while true {
            skipWhitespace()
            let expected = members.isEmpty ? "a key or '}'" : "a key after ','"
            guard position < bytes.count else { throw endFailure("expected \(expected)") }
            guard bytes[position] == UInt8(ascii: "\"") else {
                let note = bytes[position] == UInt8(ascii: "}") ? " (JSON allows no comma before '}')" : ""
                throw failure("expected \(expected), found \(found())\(note)")
            }
            let key = try parseString()
            skipWhitespace()
            guard position < bytes.count else { throw endFailure("expected ':' after the key") }
            guard consume(UInt8(ascii: ":")) else { throw failure("expected ':' after the key, found \(found())") }
            members.append(JSONMember(key: key, value: try parseValue()))
            skipWhitespace()
            guard position < bytes.count else { throw endFailure("expected ',' or '}' after an object member") }
            if consume(UInt8(ascii: "}")) { return .object(members) }
            guard consume(UInt8(ascii: ",")) else {
                throw failure("expected ',' or '}' after an object member, found \(found())")
            }
        }
    }

    private mutating func parseArray() throws(JSONSyntaxError) -> JSONValue {
        try enterContainer()
        defer { depth -= 1 }
        var elements: [JSONValue] = []
        skipWhitespace()
        if consume(UInt8(ascii: "]")) { return .array(elements) }
        while true {
            skipWhitespace()
            if !elements.isEmpty, position < bytes.count, bytes[position] == UInt8(ascii: "]") {
                throw failure("expected a value after ',', found ']' (JSON allows no comma before ']')")
            }
            elements.append(try parseValue())
            skipWhitespace()
            guard position < bytes.count else { throw endFailure("expected ',' or ']' after an array element") }
            if consume(UInt8(ascii: "]")) { return .array(elements) }
            guard consume(UInt8(ascii: ",")) else {
                throw failure("expected ',' or ']' after an array element, found \(found())")
            }
        }
    }
}
