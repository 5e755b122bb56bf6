import Foundation

/// A parsed JSON text (RFC 8259) that keeps what the text says: every object member in file order, with its key's
/// Unicode scalars exactly as written (a key given twice is kept twice), and every number as its literal.
///
/// kmix's engine and programs read JSON with this parser rather than Foundation's. `JSONSerialization` and
/// `Codable` key objects by Swift `String`, which compares by canonical equivalence: a vocabulary holding both "é"
/// (U+00E9) and "e\u{301}" would silently lose one of them, where Hugging Face `tokenizers` compares bytes. They
/// also give numbers as `Double` or `NSNumber`, which cannot say whether `2` was written as an integer and lose
/// integers beyond 2^53; a `JSONNumber` is exact at any size. Syntax errors carry their line and column
/// (`JSONSyntaxError`). `JSONNode` reads a document with typed accessors whose errors name the JSON path.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// Parses `data` as one UTF-8 JSON text; a leading byte-order mark is skipped.
    /// - Throws: `JSONSyntaxError` with the line and column of the first byte that is not part of a JSON text.
    public static func parse(_ data: Data) throws(JSONSyntaxError) -> JSONValue {
        try parse([UInt8](data))
    }

    /// Parses `bytes` as one UTF-8 JSON text; a leading byte-order mark is skipped.
    /// - Throws: `JSONSyntaxError` with the line and column of the first byte that is not part of a JSON text.
    public static func parse(_ bytes: [UInt8]) throws(JSONSyntaxError) -> JSONValue {
        var parser = JSONParser(bytes: bytes)
        return try parser.parseDocument()
    }

    /// The value of the last member whose key is `key`, scalar for scalar, when this is an object; else nil.
    /// Like most JSON readers this lets a repeated key's last value win; `JSONObject` refuses repeated keys instead.
    public subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.last { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    /// True for `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The string, when this is a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, when this is `true` or `false`.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The number, when this is a number.
    public var numberValue: JSONNumber? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The integer, when this is an integer literal (no fraction, no exponent) that fits in `Int`.
    public var intValue: Int? { numberValue?.int }

    /// The elements, when this is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let elements) = self { return elements }
        return nil
    }

    /// The members in file order, when this is an object.
    public var objectMembers: [JSONMember]? {
        if case .object(let members) = self { return members }
        return nil
    }

    /// What the value is, for messages: `an object`, `an array`, `a string`, `true`, `null`, or a number's literal.
    public var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool(let value): "\(value)"
        case .number(let number): number.literal
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}

/// One `"key": value` member of a JSON object.
public struct JSONMember: Sendable, Equatable {
    /// The key, with its Unicode scalars exactly as in the text.
    public var key: String
    /// The value.
    public var value: JSONValue

    /// A member named `key`.
    public init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }

    /// Members are equal when their keys have the same scalars (not merely canonically equivalent ones) and their
    /// values are equal.
    public static func == (lhs: JSONMember, rhs: JSONMember) -> Bool {
        lhs.key.utf8.elementsEqual(rhs.key.utf8) && lhs.value == rhs.value
    }
}
