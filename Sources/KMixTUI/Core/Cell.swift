/// One terminal cell: a character of display width 1 and its style.
public struct Cell: Sendable, Equatable {
    public var character: Character
    public var style: Style

    /// A cell showing `character` in `style`.
    public init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.style = style
    }

    /// An empty cell.
    public static let blank = Cell()
}
