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

    /// The cell at (`x`, `y`).
    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * width + x] }
        set { if isDrawable(x, y) { cells[y * width + x] = newValue } }
    }

    private func isDrawable(_ x: Int, _ y: Int) -> Bool {
        x >= 0 && y >= 0 && x < width && y < height && x >= clip.x && y >= clip.y && x < clip.maxX && y < clip.maxY
    }

    /// Writes `text` from (`x`, `y`), at most `limit` cells; returns the column after the last cell.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int = .max) -> Int {
        var column = x
        for character in text.prefix(max(0, limit)) {
            self[column, y] = Cell(character, style: style)
            column += 1
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

    /// The characters, one line per row, trailing spaces removed.
    public var text: String {
        (0..<height).map { y in
            var line = String((0..<width).map { self[$0, y].character })
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// One code per cell, one line per row: `code` maps each style to a character.
    public func styleCodes(_ code: (Style) -> Character) -> String {
        (0..<height).map { y in String((0..<width).map { code(self[$0, y].style) }) }.joined(separator: "\n")
    }
}
