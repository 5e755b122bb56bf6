import Foundation

/// A value of a parsed JSON document and its JSON path, for typed reads whose errors say where they fail:
///
///     let root = try JSONNode(parsing: data)                  // JSONSyntaxError: line and column
///     let layers = try root.object().required("layers").array()
///     let rank = try layers[2].object().required("q").array()[5].int()   // JSONReadError at $.layers[2].q[5]
public struct JSONNode: Sendable {
    /// The value.
    public let value: JSONValue
    /// Where the value is: `$` for the root, then `.key` (or `["key"]` for a key that is not a plain name) per
    /// member and `[i]` per element.
    public let path: String

    /// The node of `value` at `path`.
    public init(_ value: JSONValue, path: String = "$") {
        self.value = value
        self.path = path
    }

    /// The root of the JSON text `data`.
    /// - Throws: `JSONSyntaxError` with the line and column of the first problem.
    public init(parsing data: Data) throws(JSONSyntaxError) {
        self.init(try JSONValue.parse(data))
    }

    /// True for `null`.
    public var isNull: Bool { value.isNull }

    /// This node, or nil when it is `null` (for optional values that may be written as `null`).
    public var nonNull: JSONNode? { value.isNull ? nil : self }

    /// An error at this node's path.
    public func error(_ reason: String) -> JSONReadError {
        JSONReadError(path: path, reason: reason)
    }

    private func mismatch(_ expected: String) -> JSONReadError {
        error("expected \(expected), found \(value.kindDescription)")
    }

    /// The object, whose keys must each appear once.
    public func object() throws(JSONReadError) -> JSONObject {
        guard case .object(let members) = value else { throw mismatch("an object") }
        return try JSONObject(members: members, path: path)
    }

    /// The elements, with their paths.
    public func array() throws(JSONReadError) -> [JSONNode] {
        guard case .array(let elements) = value else { throw mismatch("an array") }
        return elements.enumerated().map { JSONNode($1, path: "\(path)[\($0)]") }
    }

    /// The string.
    public func string() throws(JSONReadError) -> String {
        guard case .string(let text) = value else { throw mismatch("a string") }
        return text
    }

    /// The boolean.
    public func bool() throws(JSONReadError) -> Bool {
        guard case .bool(let flag) = value else { throw mismatch("true or false") }
        return flag
    }

    /// The number, as written.
    public func number() throws(JSONReadError) -> JSONNumber {
        guard case .number(let number) = value else { throw mismatch("a number") }
        return number
    }

    /// The integer; the literal must be one (no fraction, no exponent) and fit in `Int`.
    public func int() throws(JSONReadError) -> Int {
        let number = try wholeNumber()
        guard let integer = number.int else { throw error("the whole number \(number) is too large") }
        return integer
    }

    /// The integer; the literal must be one (no fraction, no exponent), not negative, and fit in `UInt64`.
    public func uint64() throws(JSONReadError) -> UInt64 {
        let number = try wholeNumber()
        guard let integer = number.uint64 else {
            throw error(number.literal.hasPrefix("-") ? "expected a whole number that is not negative, found \(number)"
                                                      : "the whole number \(number) is too large")
        }
        return integer
    }

    private func wholeNumber() throws(JSONReadError) -> JSONNumber {
        guard case .number(let number) = value, number.isInteger else { throw mismatch("a whole number") }
        return number
    }

    /// The number as the nearest `Double`; it must not be too large for one.
    public func double() throws(JSONReadError) -> Double {
        let number = try number()
        guard let double = number.double else { throw error("the number \(number) is too large") }
        return double
    }

    /// The number as the nearest `Float` (parsed from the literal, not through a `Double`); it must not be too
    /// large for one.
    public func float() throws(JSONReadError) -> Float {
        let number = try number()
        guard let float = number.float else { throw error("the number \(number) is too large for a 32-bit float") }
        return float
    }
}
