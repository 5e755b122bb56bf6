import Testing
@testable import KMixTUI

/// Dialogs are read by field identifier; labels are for display (and name a field in its refusal).
@Suite struct DialogFieldTests {
    @Test func theTrainDialogIsReadByFieldIdentifier() {
        var dialog = Dialog.make(.startTraining, for: Fixtures.state())
        let values: [(DialogField.ID, String)] = [(.maxSteps, "40"), (.epochs, "2"), (.batchSize, "8"), (.learningRate, "0.01"),
                                                  (.maxTrainRows, "500"), (.evaluateEvery, "10")]
        for (id, value) in values { dialog.setValue(value, of: id) }
        guard case let .success(settings) = TrainingSettings.parse(dialog) else { Issue.record("refused"); return }
        #expect(settings == TrainingSettings(maxSteps: 40, epochs: 2, batchSize: 8, learningRate: 0.01, maxTrainRows: 500,
                                             evaluateEvery: 10))
        dialog.setValue("0", of: .batchSize)
        guard case let .failure(refusal) = TrainingSettings.parse(dialog) else { Issue.record("accepted"); return }
        #expect(refusal.message == "Batch size must be a positive whole number.")
    }

    @Test func fieldsShowTheirLabelsAndNoTwoShareOne() {
        let dialog = Dialog.make(.startTraining, for: Fixtures.state())
        #expect(dialog.fields.map(\.label) == ["Data", "Max steps", "Epochs", "Batch size", "Learning rate", "Max train rows",
                                               "Evaluate every"])
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
