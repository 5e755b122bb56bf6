/// A line of text being edited and the cursor in it, with the edits a shell's line editor offers.
public struct LineEditor: Sendable, Equatable {
    /// One editing step.
    public enum Edit: Sendable, Equatable {
        /// Types a character at the cursor.
        case insert(Character)
        /// Deletes the character before the cursor (Backspace).
        case deleteBackward
        /// Deletes the character under the cursor (Delete, Ctrl-D).
        case deleteForward
        /// Deletes the word before the cursor and the spaces after it (Ctrl-W).
        case deleteWordBackward
        /// Deletes everything before the cursor (Ctrl-U; the whole line when the cursor is at its end).
        case deleteToStart
        /// Deletes everything from the cursor on (Ctrl-K).
        case deleteToEnd
        /// Moves the cursor one character left (←, Ctrl-B) or right (→, Ctrl-F).
        case left, right
        /// Moves the cursor to the start (Home, Ctrl-A) or the end (End, Ctrl-E).
        case home, end
    }

    /// The line.
    public private(set) var text: String
    /// How many characters lie before the cursor (0 ... `text.count`).
    public private(set) var cursor: Int

    /// A line holding `text`, the cursor at its end.
    public init(_ text: String = "") {
        self.text = text
        cursor = text.count
    }

    /// A line holding `text` with the cursor before its character at `cursor` (clamped to the text).
    public init(_ text: String, cursor: Int) {
        self.text = text
        self.cursor = min(max(0, cursor), text.count)
    }

    /// The text before the cursor.
    public var beforeCursor: Substring { text.prefix(cursor) }

    /// The text from the cursor on.
    public var afterCursor: Substring { text.dropFirst(cursor) }

    /// Applies `edit`; returns whether the text changed (a cursor move alone does not change it).
    @discardableResult
    public mutating func apply(_ edit: Edit) -> Bool {
        let before = text
        switch edit {
        case let .insert(character):
            replaceBeforeCursor(String(beforeCursor) + String(character))
        case .deleteBackward:
            guard cursor > 0 else { return false }
            replaceBeforeCursor(String(beforeCursor.dropLast()))
        case .deleteForward:
            guard cursor < text.count else { return false }
            text = String(beforeCursor) + String(afterCursor.dropFirst())
        case .deleteWordBackward:
            let trimmed = beforeCursor.reversed().drop { $0 == " " }.drop { $0 != " " }
            replaceBeforeCursor(String(trimmed.reversed()))
        case .deleteToStart:
            replaceBeforeCursor("")
        case .deleteToEnd:
            text = String(beforeCursor)
        case .left:
            cursor = max(0, cursor - 1)
        case .right:
            cursor = min(text.count, cursor + 1)
        case .home:
            cursor = 0
        case .end:
            cursor = text.count
        }
        return text != before
    }

    /// Replaces the text before the cursor with `prefix`, keeping the rest; the cursor ends after `prefix`.
    public mutating func replaceBeforeCursor(_ prefix: String) {
        text = prefix + afterCursor
        cursor = prefix.count
    }

    /// The part of the line to show in `width` cells (a wide character takes two), with the cursor's column in
    /// it: the whole line when it fits (with a cell left for the cursor at the end), else a window that keeps the
    /// cursor in view and shows as much of the line's end as it can.
    public func visible(width: Int) -> (text: Substring, cursorColumn: Int) {
        guard width > 0 else { return ("", 0) }
        let widths = text.map(\.cellWidth)
        func cells(_ range: Range<Int>) -> Int { widths[range].reduce(0, +) }
        guard cells(0..<widths.count) >= width else { return (text[...], cells(0..<cursor)) }
        let underCursor = cursor < widths.count ? widths[cursor] : 1
        let cursorStart = (0...cursor).first { cells($0..<cursor) + underCursor <= width } ?? cursor
        let endStart = (0...widths.count).first { cells($0..<widths.count) + 1 <= width } ?? widths.count
        let start = min(cursorStart, endStart)
        var used = 0
        let shown = text.dropFirst(start).prefix { character in
            used += character.cellWidth
            return used <= width
        }
        return (shown, cells(start..<cursor))
    }
}
