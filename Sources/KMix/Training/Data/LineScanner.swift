/// Walks the lines of UTF-8 bytes, ending a line at LF, CRLF or a lone CR.
///
/// Works on bytes, not `Character`s: Swift reads "\r\n" as one character, so splitting a `String` on "\n" finds
/// no line in a CRLF file. A final line without a terminator is a line; a final terminator starts none.
struct LineScanner {
    /// One line: its 1-based number and its bytes, terminator excluded.
    struct Line {
        let number: Int
        let range: Range<Int>
    }

    private let bytes: [UInt8]
    private var position: Int
    private var number = 0

    /// A scanner over `bytes`, starting at `start` (after a byte-order mark, say) on line 1.
    init(_ bytes: [UInt8], from start: Int = 0) {
        self.bytes = bytes
        position = start
    }

    /// The next line, or nil at the end of the bytes.
    mutating func next() -> Line? {
        guard position < bytes.count else { return nil }
        number += 1
        let start = position
        while position < bytes.count, bytes[position] != .lineFeed, bytes[position] != .carriageReturn {
            position += 1
        }
        let end = position
        position = LineScanner.skipTerminator(in: bytes, at: position)
        return Line(number: number, range: start..<end)
    }

    /// The position after the line terminator at `position` (CRLF counts as one); `position` itself when none is there.
    static func skipTerminator(in bytes: [UInt8], at position: Int) -> Int {
        guard position < bytes.count else { return position }
        switch bytes[position] {
        case .carriageReturn:
            return position + 1 < bytes.count && bytes[position + 1] == .lineFeed ? position + 2 : position + 1
        case .lineFeed:
            return position + 1
        default:
            return position
        }
    }
}

extension UInt8 {
    /// LF, "\n".
    static let lineFeed: UInt8 = 0x0A
    /// CR, "\r".
    static let carriageReturn: UInt8 = 0x0D
    /// TAB, "\t".
    static let tab: UInt8 = 0x09
    /// ",".
    static let comma: UInt8 = 0x2C
    /// The double quote, "\"".
    static let quote: UInt8 = 0x22
}
