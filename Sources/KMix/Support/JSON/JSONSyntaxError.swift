/// Why a text is not JSON, and where: the first place at which it stops being a JSON text.
public struct JSONSyntaxError: Error, Equatable, CustomStringConvertible {
    /// What is wrong there, e.g. `expected ',' or '}' after an object member, found 'x'`.
    public let reason: String
    /// The 1-based line of the problem (lines end with a line feed).
    public let line: Int
    /// The 1-based column of the problem, in Unicode scalars (a leading byte-order mark is not counted).
    public let column: Int
    /// Whether the text ended before its JSON value did; the line and column are then those of its end.
    public let atEnd: Bool

    /// An error with every field given.
    public init(reason: String, line: Int, column: Int, atEnd: Bool) {
        self.reason = reason
        self.line = line
        self.column = column
        self.atEnd = atEnd
    }

    /// The error at byte `offset` of `bytes`, whose JSON text starts at `start` (after any byte-order mark).
    init(reason: String, offset: Int, in bytes: [UInt8], start: Int, atEnd: Bool) {
        let before = bytes[start..<offset]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? start
        self.init(reason: reason, line: 1 + before.count { $0 == UInt8(ascii: "\n") },
                  column: 1 + bytes[lineStart..<offset].count { $0 & 0xC0 != 0x80 }, atEnd: atEnd)
    }

    /// The place as kmix's messages give it: `near line 3, column 12`, or `it ends too early, at line 4, column 1`.
    public var location: String {
        atEnd ? "it ends too early, at line \(line), column \(column)" : "near line \(line), column \(column)"
    }

    /// The reason and the place: `expected a value, found 'x' at line 3, column 12`.
    public var description: String { "\(reason) at line \(line), column \(column)" }
}
