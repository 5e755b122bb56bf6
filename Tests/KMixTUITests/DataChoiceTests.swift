import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// Choosing the task data inside the UI: `:data` and the start-training dialog's Data field.
@Suite struct DataChoiceTests {
    /// A folder holding `train.tsv` and `dev.tsv` (a tiny labelled data set) and `sst2/` with the same files.
    func workspace() throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-data-\(UUID().uuidString)")
        for folder in ["", "sst2/"] {
            try FileManager.default.createDirectory(at: root.appendingPathComponent(folder), withIntermediateDirectories: true)
            try Data("sentence\tlabel\na\t0\nb\t1\n".utf8).write(to: root.appendingPathComponent(folder + "train.tsv"))
            try Data("sentence\tlabel\nc\t1\n".utf8).write(to: root.appendingPathComponent(folder + "dev.tsv"))
        }
        return root.path
    }

    func state(in directory: String) -> AppState {
        var state = Fixtures.state()
        state.workingDirectory = directory
        return state
    }

    func command(_ line: String, _ state: inout AppState) -> [Effect] {
        _ = reduce(&state, .openCommandLine)
        for character in line { _ = reduce(&state, .commandEdit(.insert(character))) }
        return reduce(&state, .commandSubmit)
    }

    @Test func dataNamesFilesOrATaskAndIsCheckedBeforeItIsUsed() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var state = state(in: root)
        guard case let .checkData(source, nil)? = command("data train.tsv dev.tsv", &state).first else {
            Issue.record("no check")
            return
        }
        #expect(source == DataSource(.files(train: root + "/train.tsv", dev: root + "/dev.tsv")))
        guard case let .checkData(task, nil)? = command("data sst2 \(root)", &state).first else { Issue.record("no check"); return }
        #expect(task == DataSource(.task(.sst2, folder: root)))

        _ = reduce(&state, .dataChecked(DataChoice.check(source), startingRun: nil))
        #expect(state.data.isFound && state.data.name == "custom task")
        #expect(state.message?.text == "Training data: custom task in train.tsv")
        let missing = DataChoice.check(DataSource(.files(train: root + "/nope.tsv", dev: nil)))
        _ = reduce(&state, .dataChecked(missing, startingRun: nil))
        #expect(state.message == StatusMessage("The data file \(root)/nope.tsv does not exist.", kind: .error))
        #expect(state.data.located?.train == root + "/train.tsv", "a failed choice keeps the data in use")
    }

    @Test func dataWithoutArgumentsSaysWhatIsInUseAndHowToChange() {
        var state = Fixtures.state()
        _ = command("data", &state)
        #expect(state.message?.kind == .info)
        #expect(state.message?.text.contains("Training data: SST-2 in data/sst2") == true)
        #expect(state.message?.text.contains(":data TRAIN [DEV]") == true)
    }

    @Test func missingDataSaysWhatIsMissingAndHowToGiveIt() {
        var state = Fixtures.state()
        state.data = Fixtures.missingData("The data file x.tsv does not exist.")
        _ = reduce(&state, .requestTraining)
        #expect(state.message?.text == "Cannot train yet: The data file x.tsv does not exist. "
                + "Choose data with :data TRAIN [DEV], :data sst2 [DIR] or, for a decoder, :data e2e [DIR].")
    }

    @Test func theTrainDialogsDataFieldStartsOnOtherDataOnceFound() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var state = state(in: root)
        _ = reduce(&state, .requestTraining)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.fields.first?.id == .data && dialog.fields.first?.value == "sst2")
        #expect(dialog.keyHints.map(\.text).contains("Tab complete"))
        _ = reduce(&state, .dialogEdit(.deleteToStart))
        for character in "train.tsv dev.tsv" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        guard case let .checkData(source, settings?)? = reduce(&state, .dialogSubmit).first else {
            Issue.record("no check")
            return
        }
        #expect(state.overlay == nil)
        guard case let .startTraining(request)? = reduce(&state, .dataChecked(DataChoice.check(source), startingRun: settings)).first
        else { Issue.record("no run"); return }
        #expect(request.data == DataSource(.files(train: root + "/train.tsv", dev: root + "/dev.tsv")))
        #expect(state.training.status == .preparing)
    }

    @Test func dataThatIsNotFoundReopensTheDialogWithTheReason() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var state = state(in: root)
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogEdit(.deleteToStart))
        for character in "nope.tsv" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        guard case let .checkData(source, settings?)? = reduce(&state, .dialogSubmit).first else { Issue.record("no check"); return }
        #expect(reduce(&state, .dataChecked(DataChoice.check(source), startingRun: settings)).isEmpty)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("dialog not reopened"); return }
        #expect(dialog.value(.data) == "nope.tsv")
        #expect(dialog.error == "The data file \(root)/nope.tsv does not exist.")
        #expect(dialog.focus == 0)
    }

    @Test func unchangedDataStartsAtOnce() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        guard case .startTraining? = reduce(&state, .dialogSubmit).first else { Issue.record("no run"); return }
    }

    @Test func tabCompletesTheDataFieldAndMovesOnWhenNothingCompletes() throws {
        let root = try workspace()
        defer { try? FileManager.default.removeItem(atPath: root) }
        var state = state(in: root)
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogEdit(.deleteToStart))
        for character in "tr" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        _ = reduce(&state, .dialogTab)
        guard case let .dialog(completed)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(completed.value(.data) == "train.tsv" && completed.focus == 0)
        for character in " d" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        _ = reduce(&state, .dialogTab)
        guard case let .dialog(second)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(second.value(.data) == "train.tsv dev.tsv")
        _ = reduce(&state, .dialogTab)
        guard case let .dialog(moved)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(moved.focus == 1, "nothing left to complete: Tab goes to Max steps")
        _ = reduce(&state, .dialogTab)
        guard case let .dialog(next)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(next.focus == 2, "a field that does not complete: Tab moves on")
    }

    @Test func theFieldSpellsTheSourceAsDataTakesIt() {
        let files = DataChoice(source: DataSource(.files(train: "/w/my data/train.tsv", dev: "/w/dev.tsv")), located: nil)
        #expect(files.fieldText(relativeTo: "/w") == "\"my data/train.tsv\" dev.tsv")
        let task = DataChoice(source: DataSource(.task(.sst2, folder: "/w/glue")), located: nil)
        #expect(task.fieldText(relativeTo: "/w") == "sst2 glue")
    }
}
