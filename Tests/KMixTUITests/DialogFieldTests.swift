import Testing
@testable import KMix
@testable import KMixTUI

/// Dialogs are read by field identifier; labels are for display (and name a field in its refusal).
@Suite struct DialogFieldTests {
    @Test func theTrainDialogIsReadByFieldIdentifier() {
        var dialog = Dialog.make(.startTraining, for: Fixtures.state())
        let values: [(DialogField.ID, String)] = [(.maxSteps, "40"), (.epochs, "2"), (.batchSize, "8"), (.learningRate, "0.01"),
                                                  (.maxTrainRows, "500"), (.evaluateEvery, "10"),
                                                  (.reallocate, "every=5,until=20,max=8")]
        for (id, value) in values { dialog.setValue(value, of: id) }
        guard case let .success(settings) = TrainingSettings.parse(dialog) else { Issue.record("refused"); return }
        #expect(settings == TrainingSettings(maxSteps: 40, epochs: 2, batchSize: 8, learningRate: 0.01, maxTrainRows: 500,
                                             evaluateEvery: 10, reallocation: Reallocation(every: 5, until: 20, maxRank: 8)))
        dialog.setValue("0", of: .batchSize)
        guard case let .failure(refusal) = TrainingSettings.parse(dialog) else { Issue.record("accepted"); return }
        #expect(refusal.message == "Batch size must be a positive whole number.")
    }

    /// The Reallocate field is read by the parser `kmix train --reallocate` uses; a refusal names the field.
    @Test func theReallocateFieldIsReadAsTheCommandLineReadsIt() {
        var dialog = Dialog.make(.startTraining, for: Fixtures.state())
        #expect(dialog.value(.reallocate) == "", "no reallocation unless asked for")
        guard case let .success(none) = TrainingSettings.parse(dialog) else { Issue.record("refused"); return }
        #expect(none.reallocation == nil)
        dialog.setValue("every=5", of: .reallocate)
        guard case let .failure(refusal) = TrainingSettings.parse(dialog) else { Issue.record("accepted"); return }
        #expect(refusal.message == "Reallocate needs every=N and until=M (reallocate after every N steps up to step M).")
        var state = Fixtures.state()
        state.settings.reallocation = Reallocation(every: 10, until: 40, minRank: 2)
        #expect(Dialog.make(.startTraining, for: state).value(.reallocate) == "every=10,until=40,min=2",
                "the last run's setting, as it was typed")
    }

    @Test func fieldsShowTheirLabelsAndNoTwoShareOne() {
        let dialog = Dialog.make(.startTraining, for: Fixtures.state())
        #expect(dialog.fields.map(\.label) == ["Data", "Max steps", "Epochs", "Batch size", "Learning rate", "Max train rows",
                                               "Evaluate every", "Reallocate"])
        let labels = DialogField.ID.allCases.map(\.label)
        #expect(Set(labels).count == labels.count)
    }

    @Test func theExportDialogIsReadByFieldIdentifier() {
        var state = Fixtures.state()
        state.training.status = .finished(stopped: false)
        state.training.runFolder = "runs/a"
        _ = reduce(&state, .requestExport)
        guard case var .dialog(dialog)? = state.overlay else { Issue.record("no export dialog"); return }
        dialog.setValue("merged", of: .format)
        dialog.setValue("out/m", of: .output)
        state.overlay = .dialog(dialog)
        guard case let .export(request)? = reduce(&state, .dialogSubmit).first else { Issue.record("no export"); return }
        #expect(request.format == .merged && request.output == "out/m")
    }
}
