/// A named series of a line chart.
public struct ChartSeries: Sendable {
    public var name: String
    public var points: [CurvePoint]
    public var role: ColorRole
    /// The ASCII glyph set's mark for this series.
    public var marker: Character

    public init(_ name: String, _ points: [CurvePoint], role: ColorRole, marker: Character) {
        self.name = name
        self.points = points
        self.role = role
        self.marker = marker
    }
}

/// A line chart with a legend, a y axis with ticks on the left and an x axis with ticks below.
public struct LineChart {
    public var series: [ChartSeries]
    /// The y range; nil covers the data.
    public var yScale: ChartScale?
    /// Shown when there is nothing to plot.
    public var emptyMessage: String
    /// Whether x values are whole numbers (steps), so that x ticks are too.
    public var integerX: Bool

    /// A chart of `series` over `yScale` (nil: covering the data), showing `emptyMessage` without data; its x
    /// ticks are whole numbers when `integerX`.
    public init(series: [ChartSeries], yScale: ChartScale? = nil, emptyMessage: String, integerX: Bool = false) {
        self.series = series
        self.yScale = yScale
        self.emptyMessage = emptyMessage
        self.integerX = integerX
    }

    /// Draws the chart into `rect`.
    public func draw(into grid: inout CellGrid, _ rect: Rect, glyphs: GlyphSet) {
        guard rect.width >= 12, rect.height >= 4 else { return }
        var legendX = rect.x
        for item in series {
            legendX = grid.put(glyphs.plot == .ascii ? "\(item.marker)" : "━", x: legendX, y: rect.y, style: Style(item.role))
            legendX = grid.put(" \(item.name)  ", x: legendX, y: rect.y, style: Style(.muted), limit: rect.maxX - legendX)
        }
        let points = series.flatMap(\.points)
        let body = Rect(x: rect.x, y: rect.y + 1, width: rect.width, height: rect.height - 1)
        guard !points.isEmpty else {
            grid.put(emptyMessage, x: body.x + max(0, (body.width - emptyMessage.cellWidth) / 2), y: body.y + body.height / 2,
                     style: Style(.muted), limit: body.width)
            return
        }
        let xScale = ChartScale.covering(points.map(\.x))
        let yScale = self.yScale ?? ChartScale.covering(points.map(\.y), padded: true)
        let rows = body.height - 2
        let yTicks = yScale.ticks(count: max(2, min(5, rows / 2 + 1)))
        let yStep = yTicks.count > 1 ? yTicks[1] - yTicks[0] : 0
        let labelWidth = max(3, yTicks.map { Format.tick($0, step: yStep).count }.max() ?? 3)
        let plotArea = Rect(x: body.x + labelWidth + 1, y: body.y, width: body.width - labelWidth - 2, height: rows)
        var canvas = Canvas(columns: plotArea.width, rows: plotArea.height, plot: glyphs.plot)
        for item in series {
            let pixels = item.points.map { point in
                (xScale.pixel(point.x, pixels: canvas.pixelWidth),
                 canvas.pixelHeight - 1 - yScale.pixel(point.y, pixels: canvas.pixelHeight))
            }
            if pixels.count == 1 { canvas.set(pixels[0].0, pixels[0].1, role: item.role, marker: item.marker) }
            for (a, b) in zip(pixels, pixels.dropFirst()) { canvas.line(from: a, to: b, role: item.role, marker: item.marker) }
        }
        canvas.draw(into: &grid, x: plotArea.x, y: plotArea.y)
        drawAxes(into: &grid, plotArea: plotArea, xScale: xScale, yScale: yScale, yTicks: yTicks, yStep: yStep, glyphs: glyphs)
    }

    private func drawAxes(into grid: inout CellGrid, plotArea: Rect, xScale: ChartScale, yScale: ChartScale,
                          yTicks: [Double], yStep: Double, glyphs: GlyphSet) {
        let axisStyle = Style(.border)
        let axisX = plotArea.x - 1
        for y in plotArea.y..<plotArea.maxY { grid[axisX, y] = Cell(glyphs.axisVertical, style: axisStyle) }
        for tick in yTicks {
            let y = plotArea.maxY - 1 - yScale.pixel(tick, pixels: plotArea.height)
            let label = Format.tick(tick, step: yStep)
            grid.put(label, x: axisX - label.count, y: y, style: Style(.muted))
        }
        let baseline = plotArea.maxY
        grid[axisX, baseline] = Cell(glyphs.axisOrigin, style: axisStyle)
        for x in plotArea.x..<plotArea.maxX { grid[x, baseline] = Cell(glyphs.axisHorizontal, style: axisStyle) }
        var nextFree = plotArea.x - 1
        let xTicks = xScale.ticks(count: max(2, plotArea.width / 8), integers: integerX)
        let xStep = xTicks.count > 1 ? xTicks[1] - xTicks[0] : 0
        for tick in xTicks {
            let x = plotArea.x + xScale.pixel(tick, pixels: plotArea.width)
            grid[x, baseline] = Cell(glyphs.axisTick, style: axisStyle)
            let label = Format.tick(tick, step: xStep)
            let start = min(max(x - label.count / 2, nextFree + 1), plotArea.maxX - label.count)
            guard start > nextFree else { continue }
            nextFree = grid.put(label, x: start, y: baseline + 1, style: Style(.muted))
        }
    }
}
