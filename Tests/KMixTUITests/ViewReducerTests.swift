import Foundation
import Testing
@testable import KMixTUI

@Suite struct ViewReducerTests {
    @Test func themesCycleThroughLoadEffects() {
        var state = Fixtures.state()
        state.themeNames = ["dark", "light", "mine"]
        guard case let .loadTheme(name)? = reduce(&state, .cycleTheme).first else {
            Issue.record("expected a theme to load")
            return
        }
        #expect(name == "light")
        #expect(state.themeName == "dark")
        _ = reduce(&state, .themeLoaded("mine"))
        #expect(state.themeName == "mine")
        #expect(state.message == StatusMessage("Theme: mine"))
        guard case .loadTheme("dark")? = reduce(&state, .cycleTheme).first else {
            Issue.record("the cycle should wrap to dark")
            return
        }
    }

    @Test func userThemesFollowTheBuiltInOnes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-themes-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["zebra", "amber", "dark"] {
            try "text = white\n".write(to: folder.appendingPathComponent("\(name).theme"), atomically: true, encoding: .utf8)
        }
        try "not a theme".write(to: folder.appendingPathComponent("notes.txt"), atomically: true, encoding: .utf8)
        #expect(ThemeFile.available(folders: [folder]) == ThemeFile.builtInNames + ["amber", "zebra"])
    }

    @Test func theChartWindowNarrowsAndWidensBackToAll() {
        var state = Fixtures.trainingState()
        #expect(state.chartWindow == nil)
        _ = reduce(&state, .narrowChartWindow)
        #expect(state.chartWindow == 50)
        _ = reduce(&state, .narrowChartWindow)
        #expect(state.chartWindow == 20)
        _ = reduce(&state, .narrowChartWindow)
        _ = reduce(&state, .narrowChartWindow)
        #expect(state.chartWindow == 10)
        _ = reduce(&state, .widenChartWindow)
        #expect(state.chartWindow == 20)
        _ = reduce(&state, .widenChartWindow)
        #expect(state.chartWindow == 50)
        _ = reduce(&state, .widenChartWindow)
        #expect(state.chartWindow == nil)
        #expect(state.message == StatusMessage("Charts: all steps"))
    }

    @Test func clippingKeepsTheLastSteps() {
        let points = (1...60).map { CurvePoint(x: Double($0), y: 1) }
        #expect(ChartWindow.clip(points, to: 20, latest: 60).map(\.x) == (41...60).map(Double.init))
        #expect(ChartWindow.clip(points, to: nil, latest: 60).count == 60)
        #expect(ChartWindow.label(1_000) == "last 1,000 steps")
    }

    @Test func keysForThemesAndWindows() {
        let state = Fixtures.trainingState()
        guard case .cycleTheme? = KeyMap.standard.action(for: .character("c"), in: state),
              case .narrowChartWindow? = KeyMap.standard.action(for: .character("<"), in: state),
              case .widenChartWindow? = KeyMap.standard.action(for: .character(">"), in: state) else {
            Issue.record("c, < and > should be bound")
            return
        }
    }
}
