import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// Heat-map legends read "low ░▒▓█ high"; the training screen's norm map and bars share one scale from 0.
@Suite struct LegendTests {
    func legend(_ map: HeatMap, title: String, width: Int = 60) -> String {
        var grid = CellGrid(width: width, height: 1)
        map.drawLegend(into: &grid, x: 0, y: 0, title: title, width: width, glyphs: .braille)
        return grid.text
    }

    @Test func aRelativeMapNamesItsRange() {
        let map = HeatMap(values: [[0.0019, 1, 2.3]], selected: nil, showNumbers: false, relative: true)
        #expect(legend(map, title: "attention entropy") == "attention entropy  0.002 ░▒▓█ 2.3")
    }

    @Test func anAbsoluteMapStartsAtZero() {
        let map = HeatMap(values: [[1, 4]], selected: nil, showNumbers: true)
        #expect(legend(map, title: "Q rank") == "Q rank  0 ░▒▓█ 4")
    }

    @Test func aMapOfZerosShowsOnlyItsTitle() {
        let map = HeatMap(values: [[0, 0]], selected: nil, showNumbers: false)
        #expect(legend(map, title: "adapter norm (no run yet)") == "adapter norm (no run yet)")
    }

    @Test func aLongTitleIsCutToKeepTheRamp() {
        let map = HeatMap(values: [[0.5, 1]], selected: nil, showNumbers: false, relative: true)
        #expect(legend(map, title: "importance (layer-normalised)", width: 24) == "importance…  0.50 ░▒▓█ 1")
    }

    /// Heads at 90 % of the largest norm are dark on the map, as their bars are tall; the scale is on screen.
    @Test func theNormMapAndBarsAgree() {
        var state = Fixtures.trainingState()
        var grid = (0..<6).map { _ in [Float](repeating: 0.9, count: 12) }
        grid[2][3] = 1
        _ = reduce(&state, .trainingEvent(.headNorms(HeadNorms(step: 60, query: grid, value: grid, output: grid))))
        let text = RootView.render(state, width: 120, height: 36, options: RenderOptions()).text
        let rows = text.split(separator: "\n").map(String.init)
        let layer0 = rows.first { $0.contains(" L0 ") } ?? ""
        let map = layer0.components(separatedBy: " L0 ").last ?? ""
        #expect(!map.contains("░") && map.contains("██"), "\(text)")
        #expect(text.contains(" 0 ░▒▓█ 1.7 "), "\(text)")
        #expect(text.contains("0 to 1.7 (all layers)"), "\(text)")
    }
}
