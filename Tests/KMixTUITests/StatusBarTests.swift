import Testing
@testable import KMixTUI

/// The status bar drops whole hints from the right, keeps two spaces after the message, and cuts a long
/// message rather than lose quit and help.
@Suite struct StatusBarTests {
    let hints = KeyMap.standard.hints(for: .training).map { ($0.key.label, $0.hint!) }
    var hintTexts: [String] { hints.map { "\($0.0) \($0.1)" } }

    func bar(_ message: String, width: Int) -> String {
        var grid = CellGrid(width: width, height: 1)
        StatusBar.draw(into: &grid, y: 0, width: width, left: message, leftRole: .statusBar, hints: hints)
        return String((0..<width).map { grid[$0, 0].character })
    }

    /// The hints shown: the text after the message, split at double spaces.
    func shownHints(_ line: String, after message: String) -> [String] {
        let rest = line.dropFirst(1 + message.count)
        return rest.split(separator: "  ").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    @Test(arguments: [80, 120])
    func hintsAreWholeAndApartFromTheMessage(width: Int) {
        let message = "finished after 32 steps in 49.9 s, dev accuracy 50.92 %"
        let line = bar(message, width: width)
        #expect(line.hasPrefix(" " + message + "  "), "\(line)")
        let shown = shownHints(line, after: message)
        #expect(shown == Array(hintTexts.prefix(shown.count)), "\(line)")
        #expect(shown.count >= 2 && shown.count < hintTexts.count, "\(line)")
        #expect(line.hasSuffix(" "), "\(line)")
    }

    @Test func moreColumnsShowMoreHints() {
        let message = "Dev accuracy 50.92 % at step 16"
        #expect(shownHints(bar(message, width: 120), after: message).count > shownHints(bar(message, width: 80), after: message).count)
    }

    @Test(arguments: [80, 120])
    func aLongMessageIsCutButQuitAndHelpStay(width: Int) {
        let message = "Saved adapters to runs/tui-20261129-042729/adapters.safetensors and checkpoint "
            + "runs/tui-20261129-042729/checkpoints/step-32 after the last evaluation"
        let line = bar(message, width: width)
        #expect(line.hasSuffix(" q quit  ? help "), "\(line)")
        #expect(line.contains("…  q quit"), "\(line)")
    }

    @Test func theLayoutKeepsTheFirstHintsEvenWithoutRoom() {
        let layout = StatusBar.layout(message: String(repeating: "m", count: 200), hints: ["q quit", "? help", ": cmd"], width: 40)
        #expect(layout.hints == ["q quit", "? help"])
        #expect(layout.message.count == 38 - 14 - 2)
        #expect(layout.message.hasSuffix("…"))
        #expect(StatusBar.layout(message: "", hints: ["q quit"], width: 40).hints == ["q quit"])
    }

    @Test func anErrorTakesTheWholeBarBeforeAnyHint() {
        let error = "Export failed: exports/sst2-demo-peft exists already; choose another output folder or remove it"
        let hints = ["q quit", "? help", ": cmd"]
        let plain = StatusBar.layout(message: error, hints: hints, width: 100)
        #expect(plain.hints.count == 2 && plain.message.hasSuffix("…"), "a message other than an error keeps quit and help")
        let failed = StatusBar.layout(message: error, hints: hints, width: 100, kept: 0)
        #expect(failed.message == error)
        #expect(failed.hints.isEmpty)
    }
}
