import Foundation

/// Where `JSONSerialization` found a syntax error, as a 1-based line and column (in characters) of the text.
///
/// Foundation names the place only in the error's debug description: "around line 3, column 8" on Apple
/// platforms, "around character 57" (a byte offset, after any byte-order mark) on Linux, and "Unexpected end of
/// file" when the text stops early, which is placed at its end.
struct JSONSyntaxLocation: Equatable, CustomStringConvertible {
    let line: Int
    let column: Int
    /// Whether the text ended before the JSON value did.
    let atEnd: Bool

    /// The location `error`, thrown by `JSONSerialization.jsonObject(with: data)`, names; nil when it names none.
    init?(of error: any Error, in data: Data) {
        guard let message = (error as NSError).userInfo[NSDebugDescriptionErrorKey] as? String else { return nil }
        if let numbers = Self.numbers(after: "line ", and: ", column ", in: message) {
            (line, column, atEnd) = (numbers.0, numbers.1, false)
            return
        }
        let bytes = [UInt8](data)
        let start = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        atEnd = message.hasPrefix("Unexpected end of file")
        let offset: Int
        if let character = Self.number(after: "around character ", in: message) {
            offset = min(start + character, bytes.count)
        } else if atEnd {
            offset = bytes.count
        } else {
            return nil
        }
        let before = bytes[start..<offset]
        let lineStart = before.lastIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? start
        line = 1 + before.count(where: { $0 == UInt8(ascii: "\n") })
        column = 1 + bytes[lineStart..<offset].count(where: { $0 & 0xC0 != 0x80 })
    }

    var description: String {
        atEnd ? "it ends too early, at line \(line), column \(column)" : "near line \(line), column \(column)"
    }

    /// The whole number that follows `prefix` in `text`.
    private static func number(after prefix: String, in text: String) -> Int? {
        guard let range = text.range(of: prefix) else { return nil }
        return Int(text[range.upperBound...].prefix { $0.isASCII && $0.isNumber })
    }

    /// The whole numbers that follow `first` and then `second` in `text`.
    private static func numbers(after first: String, and second: String, in text: String) -> (Int, Int)? {
        guard let line = number(after: first, in: text), let column = number(after: second, in: text) else { return nil }
        return (line, column)
    }
}
