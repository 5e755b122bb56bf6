import Foundation
import Testing
@testable import KMixTUI

/// Views rendered into the cell grid and compared with `Golden/*.txt`; `KMIX_RECORD_GOLDEN=1` rewrites them.
@Suite struct GoldenTests {
    enum Mode: String, CaseIterable {
        case color, nocolor
    }

    static let sizes = [(80, 24), (160, 48)]
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden")

    static func screens() -> [(String, AppState)] {
        var help = Fixtures.state()
        help.overlay = .help(page: 0)
        var helpCommands = Fixtures.state()
        helpCommands.overlay = .help(page: 1)
        var command = Fixtures.state()
        for action: Action in [.openCommandLine, .commandEdit(.insert("p")), .commandComplete] { _ = reduce(&command, action) }
        var dialog = Fixtures.state()
        _ = reduce(&dialog, .requestTraining)
        var edited = Fixtures.state()
        edited.cursor = HeadPosition(layer: 3, head: 7)
        _ = reduce(&edited, .setRank(6))
        _ = reduce(&edited, .setTarget(150_000))
        _ = reduce(&edited, .cycleMetric)
        var probed = Fixtures.state()
        probed.cursor = HeadPosition(layer: 2, head: 5)
        _ = reduce(&probed, .probeFinished(Fixtures.statistics()))
        var windowed = Fixtures.trainingState()
        _ = reduce(&windowed, .narrowChartWindow)
        _ = reduce(&windowed, .narrowChartWindow)
        var proposal = Fixtures.state()
        proposal.cursor = HeadPosition(layer: 1, head: 3)
        if let proposed = try? AllocationReducerTests.proposal(for: proposal.plan, budget: 90_000) {
            _ = reduce(&proposal, .allocationFinished(proposed))
        }
        return [("heads", Fixtures.state()), ("heads-proposal", proposal), ("runs", Fixtures.runsState()), ("heads-edited", edited), ("heads-probed", probed),
                ("training", Fixtures.trainingState()), ("training-generation", Fixtures.generationState()), ("training-window", windowed), ("help", help), ("help-commands", helpCommands), ("dialog", dialog),
                ("command-line", command)]
    }

    /// The golden text: characters, then one style code per cell.
    static func rendering(_ state: AppState, width: Int, height: Int, mode: Mode) -> String {
        let grid = RootView.render(state, width: width, height: height, options: RenderOptions())
        let codes = grid.styleCodes { style in
            switch mode {
            case .color: return style.foreground.code
            case .nocolor: return style.attributes.union(Theme.monochromeAttributes(style.foreground)).code
            }
        }
        return grid.text + "\n--- styles (\(mode.rawValue)) ---\n" + codes + "\n"
    }

    @Test(arguments: Mode.allCases)
    func screensMatchTheirGoldenFiles(mode: Mode) throws {
        let record = ProcessInfo.processInfo.environment["KMIX_RECORD_GOLDEN"] == "1"
        for (name, state) in Self.screens() {
            for (width, height) in Self.sizes {
                let file = Self.folder.appendingPathComponent("\(name)-\(width)x\(height)-\(mode.rawValue).txt")
                let actual = Self.rendering(state, width: width, height: height, mode: mode)
                if record {
                    try FileManager.default.createDirectory(at: Self.folder, withIntermediateDirectories: true)
                    try actual.write(to: file, atomically: true, encoding: .utf8)
                    continue
                }
                let expected = try String(contentsOf: file, encoding: .utf8)
                #expect(actual == expected, "\(file.lastPathComponent) differs; re-record with KMIX_RECORD_GOLDEN=1 if intended")
            }
        }
    }

    @Test func aSmallTerminalGetsAMessage() {
        let grid = RootView.render(Fixtures.state(), width: 60, height: 20, options: RenderOptions())
        #expect(grid.text.contains("Terminal too small: 60×20"))
        #expect(grid.text.contains("needs 80×24"))
    }

    @Test func asciiGlyphsDrawNoUnicode() {
        let grid = RootView.render(Fixtures.trainingState(), width: 100, height: 30, options: RenderOptions(glyphs: .ascii))
        let body = grid.text.split(separator: "\n").dropFirst(2).dropLast()
        let nonASCII = body.joined().unicodeScalars.filter { !$0.isASCII && $0 != "·" && $0 != "—" && $0 != "…" && $0 != "×" && $0 != "▶" && $0 != "▏" }
        #expect(nonASCII.isEmpty, "\(String(String.UnicodeScalarView(nonASCII)))")
    }
}
