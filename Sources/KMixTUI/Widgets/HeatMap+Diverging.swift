extension HeatMap {
    /// The colour of `value`'s cell.
    public func role(_ value: Double) -> ColorRole {
        let level = level(value)
        guard diverging, level > 0 else { return ColorRole.heat[level] }
        return value < 0 ? (level == 4 ? .decrease2 : .decrease1) : (level == 4 ? .increase2 : .increase1)
    }

    /// `value` as a cell shows it: signed when diverging.
    func label(_ value: Double) -> String {
        diverging && value > 0 ? "+" + Format.tick(value) : Format.tick(value)
    }

    /// The diverging legend: the title, then the ramp from the largest decrease through 0 to the largest increase
    /// ("rank change  -3 ▓▒ 0 ▒▓ +3"); only the title while every value is 0.
    func drawDivergingLegend(into grid: inout CellGrid, x: Int, y: Int, title: String, width: Int, glyphs: GlyphSet) -> Int {
        let largest = scale.upper
        guard largest > 0 else { return grid.put(Format.truncate(title, width), x: x, y: y, style: Style(.muted)) }
        let low = label(-largest), high = label(largest)
        let rampWidth = low.count + high.count + 9
        let lead = title.isEmpty ? "" : Format.truncate(title, width - rampWidth - 2) + "  "
        var column = grid.put(lead + low + " ", x: x, y: y, style: Style(.muted))
        for (role, level) in [(ColorRole.decrease2, 4), (.decrease1, 2)] {
            column = grid.put(String(glyphs.shades[level]), x: column, y: y, style: Style(role, background: role))
        }
        column = grid.put(" 0 ", x: column, y: y, style: Style(.muted))
        for (role, level) in [(ColorRole.increase1, 2), (.increase2, 4)] {
            column = grid.put(String(glyphs.shades[level]), x: column, y: y, style: Style(role, background: role))
        }
        return grid.put(" " + high, x: column, y: y, style: Style(.muted))
    }
}
