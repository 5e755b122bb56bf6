/// Vertical bars from 0 with a label under each and the scale above ("0 to 0.45").
public struct BarChart {
    public var values: [Double]
    public var labels: [String]
    /// The bar drawn highlighted.
    public var highlighted: Int?
    /// The value of a full bar (nil: the largest value).
    public var upper: Double?
    /// Where `upper` comes from, shown after the scale ("all layers"; nil: nothing).
    public var scaleNote: String?

    /// Bars of `values` labelled `labels`, `highlighted` drawn highlighted, full at `upper` (nil: the largest).
    public init(values: [Double], labels: [String], highlighted: Int?, upper: Double? = nil, scaleNote: String? = nil) {
        self.values = values
        self.labels = labels
        self.highlighted = highlighted
        self.upper = upper
        self.scaleNote = scaleNote
    }

    /// Draws the bars into `rect`; bars get equal widths with a one-cell gap when there is room.
    public func draw(into grid: inout CellGrid, _ rect: Rect, glyphs: GlyphSet) {
        guard !values.isEmpty, rect.height >= 3 else { return }
        let high = max(upper ?? values.max() ?? 0, 0)
        let scale = "0 to \(Format.tick(high))" + (scaleNote.map { " (\($0))" } ?? "")
        grid.put(Format.truncate(scale, rect.width), x: rect.x, y: rect.y, style: Style(.muted))
        let slot = max(1, rect.width / values.count)
        let barWidth = max(1, slot > 2 ? slot - 1 : slot)
        let rows = rect.height - 2
        let step = Format.labelStep(widest: labels.map(\.count).max() ?? 0, slot: slot)
        for (index, value) in values.enumerated() {
            let x = rect.x + index * slot
            let eighths = high > 0 ? Int((value / high * Double(rows * 8)).rounded()) : 0
            let style = Style(index == highlighted ? .accent : .series1, attributes: index == highlighted ? .bold : [])
            for row in 0..<rows {
                let filled = min(8, max(0, eighths - row * 8))
                grid.put(String(repeating: glyphs.eighths[filled], count: barWidth), x: x, y: rect.y + rect.height - 2 - row, style: style)
            }
            if index < labels.count, index % step == 0 {
                grid.put(labels[index], x: x, y: rect.maxY - 1, style: Style(index == highlighted ? .accent : .muted), limit: slot)
            }
        }
    }
}
