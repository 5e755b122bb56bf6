/// A screen's worth of cells that views draw into; writes outside the grid or `clip` are dropped.
public struct CellGrid: Sendable, Equatable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Drawing is limited to this rectangle.
    public var clip: Rect

    /// A blank grid of `width` × `height` cells.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
        clip = Rect(x: 0, y: 0, width: self.width, height: self.height)
    }

    /// The whole grid.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at (`x`, `y`). Setting a cell keeps wide characters whole: a wide character takes the next cell
    /// too (or, with no drawable cell after it, is replaced by "…"), a wide character partly overwritten is
    /// replaced by spaces, and a continuation cell set on its own is a space.
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { place(newValue, x: x, y: y) }
    }

    private func isDrawable(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height && x >= clip.x && y >= clip.y && x < clip.maxX && y < clip.maxY
    }

    private mutating func place(_ cell: Cell, x: Int, y: Int) {
        guard isDrawable(x, y) else { return }
        let cell = cell.isContinuation ? Cell(" ", style: cell.style) : cell
        guard cell.width == 2 else {
            clear(x, y)
            cells[y * width + x] = cell
            return
        }
        guard isDrawable(x + 1, y) else {
            place(Cell("…", style: cell.style), x: x, y: y)
            return
        }
        clear(x, y)
        clear(x + 1, y)
        cells[y * width + x] = cell
        cells[y * width + x + 1] = .continuation(style: cell.style)
    }

    /// Replaces the wide character that covers (`x`, `y`), if any, by spaces in its style, so that overwriting
    /// one half leaves no half character.
    private mutating func clear(_ x: Int, _ y: Int) {
        let index = y * width + x
        if cells[index].isContinuation {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
            cells[index] = Cell(" ", style: cells[index].style)
        } else if cells[index].width == 2 {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
    }

    /// Writes `text` from (`x`, `y`) in at most `limit` cells (a wide character takes two; one that would straddle
    /// the limit or the grid's edge is drawn as "…"); returns the column after the last cell.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int = .max) -> Int {
        let end = x + min(max(0, limit), max(0, width - x))
        var column = x
        for character in text {
            guard column < end else { break }
            let fits = column + character.cellWidth <= end
            self[column, y] = Cell(fits ? character : "…", style: style)
            column += fits ? character.cellWidth : 1
        }
        return column
    }

    /// Fills `rect` with `character` in `style`.
    public mutating func fill(_ rect: Rect, _ character: Character = " ", style: Style = .plain) {
        for y in rect.y..<rect.maxY {
            for x in rect.x..<rect.maxX { self[x, y] = Cell(character, style: style) }
        }
    }

    /// Draws a single-line box around `rect` with an optional title.
    public mutating func box(_ rect: Rect, title: String = "", style: Style = Style(.border), glyphs: GlyphSet) {
        guard rect.width >= 2, rect.height >= 2 else { return }
        let b = glyphs.box
        self[rect.x, rect.y] = Cell(b.topLeft, style: style)
        self[rect.maxX - 1, rect.y] = Cell(b.topRight, style: style)
        self[rect.x, rect.maxY - 1] = Cell(b.bottomLeft, style: style)
        self[rect.maxX - 1, rect.maxY - 1] = Cell(b.bottomRight, style: style)
        for x in rect.x + 1..<rect.maxX - 1 {
            self[x, rect.y] = Cell(b.horizontal, style: style)
            self[x, rect.maxY - 1] = Cell(b.horizontal, style: style)
        }
        for y in rect.y + 1..<rect.maxY - 1 {
            self[rect.x, y] = Cell(b.vertical, style: style)
            self[rect.maxX - 1, y] = Cell(b.vertical, style: style)
        }
        if !title.isEmpty, rect.width > 6 {
            put(" \(Format.truncate(title, rect.width - 6)) ", x: rect.x + 2, y: rect.y, style: Style(.title, attributes: .bold))
        }
    }

    /// The characters, one line per row (a wide character once), trailing spaces removed.
    public var text: String {
        (0..<height).map { y in
            var line = String((0..<width).compactMap { self[$0, y].isContinuation ? nil : self[$0, y].character })
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// One code per cell (both cells of a wide character), one line per row: `code` maps each style to a character.
    public func styleCodes(_ code: (Style) -> Character) -> String {
        (0..<height).map { y in String((0..<width).map { code(self[$0, y].style) }) }.joined(separator: "\n")
    }
}
