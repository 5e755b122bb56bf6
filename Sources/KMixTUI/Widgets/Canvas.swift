/// A pixel canvas over a block of cells, turned into braille, quadrant-block or ASCII characters.
struct Canvas {
    let columns: Int
    let rows: Int
    let plot: GlyphSet.Plot
    private var bits: [UInt8]
    private var roles: [ColorRole?]
    private var markers: [Character?]

    init(columns: Int, rows: Int, plot: GlyphSet.Plot) {
        self.columns = max(0, columns)
        self.rows = max(0, rows)
        self.plot = plot
        bits = Array(repeating: 0, count: self.columns * self.rows)
        roles = Array(repeating: nil, count: self.columns * self.rows)
        markers = Array(repeating: nil, count: self.columns * self.rows)
    }

    /// Pixels per cell across and down.
    var cellPixels: (x: Int, y: Int) {
        switch plot {
        case .braille: return (2, 4)
        case .block: return (2, 2)
        case .ascii: return (1, 1)
        }
    }

    var pixelWidth: Int { columns * cellPixels.x }
    var pixelHeight: Int { rows * cellPixels.y }

    /// Sets the pixel at (`x`, `y`), y growing downwards.
    mutating func set(_ x: Int, _ y: Int, role: ColorRole, marker: Character) {
        guard x >= 0, y >= 0, x < pixelWidth, y < pixelHeight else { return }
        let (px, py) = cellPixels
        let index = (y / py) * columns + x / px
        let dx = x % px, dy = y % py
        switch plot {
        case .braille:
            let dots: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]
            bits[index] |= dots[dx][dy]
        case .block:
            bits[index] |= UInt8(1) << UInt8(dy * 2 + dx)
        case .ascii:
            bits[index] = 1
        }
        roles[index] = role
        markers[index] = marker
    }

    /// Draws a straight line between two pixels.
    mutating func line(from a: (Int, Int), to b: (Int, Int), role: ColorRole, marker: Character) {
        var (x, y) = a
        let dx = abs(b.0 - x), dy = -abs(b.1 - y)
        let sx = x < b.0 ? 1 : -1, sy = y < b.1 ? 1 : -1
        var error = dx + dy
        while true {
            set(x, y, role: role, marker: marker)
            if x == b.0 && y == b.1 { break }
            let doubled = 2 * error
            if doubled >= dy { error += dy; x += sx }
            if doubled <= dx { error += dx; y += sy }
        }
    }

    /// Copies the canvas into `grid` with its top left at (`x`, `y`).
    func draw(into grid: inout CellGrid, x: Int, y: Int) {
        let quadrants: [Character] = [" ", "▘", "▝", "▀", "▖", "▌", "▞", "▛", "▗", "▚", "▐", "▜", "▄", "▙", "▟", "█"]
        for row in 0..<rows {
            for column in 0..<columns {
                let index = row * columns + column
                guard bits[index] != 0, let role = roles[index] else { continue }
                let character: Character
                switch plot {
                case .braille: character = Character(Unicode.Scalar(0x2800 + UInt32(bits[index]))!)
                case .block: character = quadrants[Int(bits[index])]
                case .ascii: character = markers[index] ?? "*"
                }
                grid[x + column, y + row] = Cell(character, style: Style(role))
            }
        }
    }
}
