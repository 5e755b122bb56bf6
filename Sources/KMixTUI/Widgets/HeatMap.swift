/// A grid of values coloured from low to high (or, diverging, from below 0 to above it), with row and column labels
/// and a selected cell.
public struct HeatMap {
    /// Values, rows × columns.
    public var values: [[Double]]
    public var selected: HeadPosition?
    /// Whether cells show their value as a number (when it fits) over the shade.
    public var showNumbers: Bool
    /// Whether the colours span the smallest to the largest value (rather than 0 to the largest).
    public var relative: Bool
    /// Whether values below 0 and above it take two scales of their own, and 0 neither (`ColorRole.decrease2` …
    /// `increase2`); numbers then carry their sign.
    public var diverging: Bool

    public init(values: [[Double]], selected: HeadPosition?, showNumbers: Bool, relative: Bool = false, diverging: Bool = false) {
        self.values = values
        self.selected = selected
        self.showNumbers = showNumbers
        self.relative = relative
        self.diverging = diverging
    }

    /// The scale the colours use: 0 (or the smallest value when `relative`) to the largest value; diverging, the
    /// largest magnitude either side of 0.
    public var scale: ChartScale {
        let all = values.flatMap { $0 }
        if diverging {
            let largest = all.map(abs).max() ?? 0
            return ChartScale(lower: -largest, upper: largest)
        }
        let upper = max(all.max() ?? 0, 0)
        let lower = relative ? min(all.filter { $0 > 0 }.min() ?? 0, upper) : 0
        return lower < upper ? ChartScale(lower: lower, upper: upper) : ChartScale(lower: 0, upper: upper)
    }

    /// The heat level (0…4) of `value`; diverging, 0 for 0, 2 for up to half the largest magnitude, else 4.
    public func level(_ value: Double) -> Int {
        if diverging {
            guard value != 0 else { return 0 }
            return abs(value) * 2 > scale.upper ? 4 : 2
        }
        guard value > 0 else { return 0 }
        return min(4, 1 + Int(scale.fraction(value) * 3.999))
    }

    /// The width of one cell for `columns` columns in `width` cells after a 4-cell label.
    public static func cellWidth(columns: Int, width: Int) -> Int {
        min(6, max(2, (width - 4) / max(1, columns)))
    }

    /// Draws the map into `rect`: a header row of column numbers, then one band per row.
    public func draw(into grid: inout CellGrid, _ rect: Rect, glyphs: GlyphSet) {
        guard let columns = values.first?.count, columns > 0 else { return }
        let cellWidth = Self.cellWidth(columns: columns, width: rect.width)
        let rowHeight = min(3, max(1, (rect.height - 1) / max(1, values.count)))
        let step = Format.labelStep(widest: String(columns - 1).count, slot: cellWidth)
        for column in stride(from: 0, to: columns, by: step) {
            let label = String(column)
            let x = rect.x + 4 + column * cellWidth + (cellWidth - label.count) / 2
            let isSelected = selected?.head == column
            grid.put(label, x: x, y: rect.y, style: Style(isSelected ? .accent : .muted, attributes: isSelected ? .bold : []))
        }
        for (row, rowValues) in values.enumerated() {
            let top = rect.y + 1 + row * rowHeight
            let isSelectedRow = selected?.layer == row
            grid.put("L\(row)", x: rect.x, y: top + rowHeight / 2,
                     style: Style(isSelectedRow ? .accent : .muted, attributes: isSelectedRow ? .bold : []))
            for (column, value) in rowValues.enumerated() {
                drawCell(into: &grid, value: value, x: rect.x + 4 + column * cellWidth, y: top, width: cellWidth,
                         height: rowHeight, selected: selected == HeadPosition(layer: row, head: column), glyphs: glyphs)
            }
        }
    }

    private func drawCell(into grid: inout CellGrid, value: Double, x: Int, y: Int, width: Int, height: Int,
                          selected: Bool, glyphs: GlyphSet) {
        let level = level(value), role = role(value)
        let inner = max(1, width - 1)
        let number = label(value)
        if showNumbers, number.count <= inner {
            let style = selected ? Style(.selection, attributes: [.reverse, .bold]) : Style(.text, background: role)
            for row in 0..<height {
                let text = row == height / 2 ? String(repeating: " ", count: inner - number.count) + number : String(repeating: " ", count: inner)
                grid.put(text, x: x, y: y + row, style: style)
            }
            return
        }
        let style = selected ? Style(.selection, attributes: .reverse) : Style(role)
        for row in 0..<height {
            grid.put(String(repeating: glyphs.shades[level], count: inner), x: x, y: y + row, style: style)
        }
    }

    /// Draws the legend, the title and then the colour ramp between the values at its ends
    /// ("attention entropy  0.002 ░▒▓█ 2.3"), the title cut to make room; only the title while no value is above
    /// 0. Returns the column after the legend.
    @discardableResult
    public func drawLegend(into grid: inout CellGrid, x: Int, y: Int, title: String, width: Int, glyphs: GlyphSet) -> Int {
        if diverging { return drawDivergingLegend(into: &grid, x: x, y: y, title: title, width: width, glyphs: glyphs) }
        guard values.joined().contains(where: { $0 > 0 }) else {
            return grid.put(Format.truncate(title, width), x: x, y: y, style: Style(.muted))
        }
        let low = Format.tick(scale.lower), high = Format.tick(scale.upper)
        let rampWidth = low.count + 6 + high.count
        let lead = title.isEmpty ? "" : Format.truncate(title, width - rampWidth - 2) + "  "
        var column = grid.put(lead + low + " ", x: x, y: y, style: Style(.muted))
        for level in 1...4 {
            column = grid.put(String(glyphs.shades[level]), x: column, y: y, style: Style(ColorRole.heat[level], background: ColorRole.heat[level]))
        }
        return grid.put(" " + high, x: column, y: y, style: Style(.muted))
    }
}
