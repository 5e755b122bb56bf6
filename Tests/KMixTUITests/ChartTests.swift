import Foundation
import Testing
@testable import KMixTUI

@Suite struct ChartTests {
    @Test func pixelsSpanTheRange() {
        let scale = ChartScale(lower: 0, upper: 10)
        #expect(scale.pixel(0, pixels: 11) == 0)
        #expect(scale.pixel(10, pixels: 11) == 10)
        #expect(scale.pixel(5, pixels: 11) == 5)
        #expect(scale.pixel(-3, pixels: 11) == 0)
        #expect(scale.pixel(30, pixels: 11) == 10)
    }

    @Test func anEmptyRangeIsWidened() {
        let scale = ChartScale(lower: 2, upper: 2)
        #expect(scale.lower < 2 && scale.upper > 2)
        #expect(ChartScale.covering([]).upper == 1)
    }

    @Test func ticksAreRoundAndInside() {
        #expect(ChartScale(lower: 0, upper: 100).ticks(count: 6) == [0, 20, 40, 60, 80, 100])
        #expect(ChartScale(lower: 0.13, upper: 0.71).ticks(count: 4) == [0.2, 0.4, 0.6])
        let ticks = ChartScale(lower: 3, upper: 997).ticks(count: 5)
        #expect(ticks.allSatisfy { $0 >= 3 && $0 <= 997 })
    }

    @Test func stepTicksAreWholeNumbers() {
        #expect(ChartScale(lower: 1, upper: 20).ticks(count: 8) == [2.5, 5, 7.5, 10, 12.5, 15, 17.5, 20])
        #expect(ChartScale(lower: 1, upper: 20).ticks(count: 8, integers: true) == [5, 10, 15, 20])
        #expect(ChartScale(lower: 1, upper: 4).ticks(count: 8, integers: true) == [1, 2, 3, 4])
        #expect(ChartScale(lower: 0, upper: 1000).ticks(count: 4, integers: true) == [0, 250, 500, 750, 1000])
    }

    /// 20 steps on a chart with room for 8 ticks: 5, 10, 15, 20, never 2.5 or 7.5.
    @Test func theLossChartLabelsWholeSteps() {
        var grid = CellGrid(width: 70, height: 12)
        let points = (1...20).map { CurvePoint(x: Double($0), y: 1 / Double($0)) }
        LineChart(series: [ChartSeries("loss", points, role: .series1, marker: "*")], emptyMessage: "", integerX: true)
            .draw(into: &grid, grid.bounds, glyphs: .braille)
        let axis = grid.text.split(separator: "\n").last.map(String.init) ?? ""
        #expect(axis.split(separator: " ") == ["5", "10", "15", "20"], "\(grid.text)")
    }

    @Test func aRisingLineUsesTheBottomLeftAndTopRight() {
        var grid = CellGrid(width: 30, height: 10)
        LineChart(series: [ChartSeries("s", [CurvePoint(x: 0, y: 0), CurvePoint(x: 1, y: 1)], role: .series1, marker: "*")],
                  yScale: ChartScale(lower: 0, upper: 1), emptyMessage: "").draw(into: &grid, grid.bounds, glyphs: .ascii)
        let lines = grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("* s"))
        #expect(lines[1].hasSuffix("*"))
        #expect(lines[7].contains("|*"))
    }

    @Test func brailleDotsCombineInACell() {
        var canvas = Canvas(columns: 1, rows: 1, plot: .braille)
        canvas.set(0, 0, role: .series1, marker: "*")
        canvas.set(1, 3, role: .series1, marker: "*")
        var grid = CellGrid(width: 1, height: 1)
        canvas.draw(into: &grid, x: 0, y: 0)
        #expect(grid[0, 0].character == "⢁")
    }

    @Test func heatLevels() {
        let map = HeatMap(values: [[0, 1, 2, 4]], selected: nil, showNumbers: false)
        #expect([0, 1, 2, 4].map { map.level($0) } == [0, 1, 2, 4])
    }

    @Test func sparklineScales() {
        #expect(Sparkline.render([0, 1, 2], width: 10, glyphs: .braille) == "▁▅█")
    }

    @Test func themesParseAndNameBadLines() throws {
        let theme = try ThemeFile.parse("text = 252\n# c\naccent = bright-cyan bold\n", name: "t", file: "t.theme")
        #expect(theme.entry(.accent) == Theme.Entry(.index(14), .bold))
        #expect(throws: ThemeError(file: "x.theme", line: 2, reason: "unknown colour `mauve`; use default, a name (black, red, green, …), 0-255 or #rrggbb")) {
            try ThemeFile.parse("text = 1\nmuted = mauve\n", name: "x", file: "x.theme")
        }
    }

    @Test func shippedThemesParse() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Themes")
        for name in ["dark", "light", "high-contrast", "monochrome"] {
            let theme = try ThemeFile.load(name, folders: [folder])
            #expect(theme.entries.count == ColorRole.allCases.count, "\(name)")
        }
    }
}
