import Testing
@testable import KMixTUI

/// The dialog box keeps its keys inside its bottom border and lists only the keys the dialog takes.
@Suite struct DialogBoxTests {
    /// The rows of `dialog` drawn in a `width` × 20 area.
    func rows(_ dialog: Dialog, width: Int) -> [String] {
        var grid = CellGrid(width: width, height: 20)
        DialogBox.draw(into: &grid, dialog, in: grid.bounds, glyphs: .braille)
        return grid.text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
    }

    func bottom(_ rows: [String]) -> String {
        rows.last { $0.contains("┘") }?.trimmingCharacters(in: .whitespaces) ?? ""
    }

    @Test func aNarrowBoxDropsOptionalKeysAndKeepsItsCorners() {
        let dialog = Dialog.make(.startTraining, for: Fixtures.state())
        let line = bottom(rows(dialog, width: 44))
        #expect(line.hasPrefix("└─") && line.hasSuffix("─┘"), "\(line)")
        #expect(line.contains(" Enter ok · Tab complete · Esc cancel "), "\(line)")
        #expect(!line.contains("^U"), "\(line)")
    }

    @Test func aWideEnoughBoxShowsEveryKey() {
        let line = bottom(rows(Dialog.make(.startTraining, for: Fixtures.state()), width: 120))
        #expect(line.hasPrefix("└─") && line.hasSuffix("─┘"), "\(line)")
        #expect(line.contains(" Enter ok · Tab complete · ↓ next · ^U clear · Esc cancel "), "\(line)")
    }

    @Test func aOneFieldDialogOffersNoNextField() {
        let line = bottom(rows(Dialog.make(.preset, for: Fixtures.state()), width: 120))
        #expect(line.contains(" Enter ok · ^U clear · Esc cancel "), "\(line)")
        #expect(!line.contains("Tab"), "\(line)")
    }

    @Test func aQuestionShowsItsOwnKeys() {
        var state = Fixtures.state()
        state.training.status = .running
        let line = bottom(rows(Dialog.make(.confirmQuit, for: state), width: 120))
        #expect(line.contains(" y quit · n/Esc stay "), "\(line)")
        #expect(bottom(rows(Dialog.make(.confirmStop, for: state), width: 120)).contains(" y stop · n/Esc keep training "))
    }

    @Test func theTrainDialogNamesItsData() {
        #expect(Dialog.make(.startTraining, for: Fixtures.state()).lines.first == "SST-2 data in data/sst2")
    }

    @Test func theExportDialogNamesTheDefaultOutputOfTheTypedFormat() {
        var state = Fixtures.state()
        state.training.status = .finished(stopped: false)
        state.training.runFolder = "runs/a"
        _ = reduce(&state, .requestExport)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no export dialog"); return }
        #expect(dialog.lines.last == "Output (empty: exports/a-peft)")
        for action: Action in [.dialogEdit(.deleteToStart), .dialogEdit(.insert("m"))] { _ = reduce(&state, action) }
        guard case let .dialog(partial)? = state.overlay else { Issue.record("dialog closed"); return }
        #expect(partial.lines.last == "Output (empty: exports/a-FORMAT)")
        for character in "erged" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        guard case let .dialog(typed)? = state.overlay else { Issue.record("dialog closed"); return }
        #expect(typed.lines.last == "Output (empty: exports/a-merged)")
    }

    @Test func aFieldIsEditedAtItsCursor() {
        var state = Fixtures.state()
        _ = reduce(&state, .openDialog(.savePlan))
        for action: Action in [.dialogEdit(.deleteToStart)] + "plan.json".map({ .dialogEdit(.insert($0)) })
            + [.dialogEdit(.home)] + "my-".map({ .dialogEdit(.insert($0)) }) {
            _ = reduce(&state, action)
        }
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.value(.path) == "my-plan.json")
        #expect(dialog.fields[0].line.cursor == 3)
        let drawn = rows(dialog, width: 60).joined(separator: "\n")
        #expect(drawn.contains("my-plan.json"), "\(drawn)")
        #expect(!drawn.contains("my-plan.json▏"), "the cursor sits on the p, not after the line")
    }

    @Test func aLongErrorWrapsInsteadOfBeingCut() {
        var dialog = Dialog.make(.target, for: Fixtures.state())
        dialog.error = "Unknown preset; try paper-nlu, paper-nlg, lora-r8, lora-rN, uniform-N or none."
        let drawn = rows(dialog, width: 80).joined(separator: " ")
        for word in ["Unknown", "paper-nlu,", "uniform-N", "none."] { #expect(drawn.contains(word), "\(drawn)") }
        #expect(!drawn.contains("…"), "\(drawn)")
    }
}
