/// A JSON number kept as its literal, so that reading it loses nothing: an integer is exact at any size
/// (`9007199254740993`, 2^53 + 1, stays that integer) and a fraction is rounded once, to the type it is read as
/// (`float` parses the literal as a `Float` directly, rather than rounding twice through a `Double`).
///
/// An integer is a literal without fraction or exponent: `2` is one, `2.0` and `2e0` are not, and `-0` is the
/// integer 0 (its `double` is -0.0).
public struct JSONNumber: Sendable, Hashable, CustomStringConvertible {
    /// The literal as written, e.g. `-0`, `12`, `1.5e-3`.
    public let literal: String
    /// Whether the literal has neither a fraction nor an exponent.
    public let isInteger: Bool

    /// A number whose `literal` the parser has checked.
    init(checkedLiteral literal: String, isInteger: Bool) {
        self.literal = literal
        self.isInteger = isInteger
    }

    /// The integer `value`.
    init(_ value: Int) {
        self.init(checkedLiteral: String(value), isInteger: true)
    }

    /// The number `literal` writes, nil when it is not a JSON number literal (`01`, `1.`, `.5`, `+1`, `NaN`…).
    public init?(literal: String) {
        guard case .number(let number)? = try? JSONValue.parse(Array(literal.utf8)), number.literal == literal else {
            return nil
        }
        self = number
    }

    /// The integer, when the literal is an integer that fits in `Int`.
    public var int: Int? { isInteger ? Int(literal) : nil }

    /// The integer, when the literal is an integer that fits in `Int64`.
    public var int64: Int64? { isInteger ? Int64(literal) : nil }

    /// The integer, when the literal is an integer that fits in `UInt64` (`-0` is 0).
    public var uint64: UInt64? { isInteger ? UInt64(literal) : nil }

    /// The nearest `Double`, nil when the magnitude is too large for one (`1e400`).
    public var double: Double? { Double(literal).flatMap { $0.isFinite ? $0 : nil } }

    /// The nearest `Float`, nil when the magnitude is too large for one (`1e39`).
    public var float: Float? { Float(literal).flatMap { $0.isFinite ? $0 : nil } }

    /// The literal.
    public var description: String { literal }
}
