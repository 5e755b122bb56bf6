/// One terminal cell: a character and its style. A wide character (`Character.cellWidth` 2) is stored in the left
/// cell of the two it covers; the right one is its continuation, which backends skip.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: Style
    /// Whether the cell is the right half of the wide character in the cell to its left.
    public private(set) var isContinuation = false

    /// A cell showing `character` in `style`.
    public init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }

    /// The right half of a wide character drawn in `style`.
    static func continuation(style: Style) -> Cell {
        var cell = Cell(" ", style: style)
        cell.isContinuation = true
        return cell
    }

    /// The cells the cell's character covers: 2 for a wide character, 0 for a continuation, else 1.
    public var width: Int { isContinuation ? 0 : character.cellWidth }

    /// An empty cell.
    public static let blank = Cell()
}
