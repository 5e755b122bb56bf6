import Testing
@testable import KMix
@testable import KMixTUI

/// What the training controls and a run's start tell the user.
@Suite struct TrainingReducerTests {
    /// A run started from the dialog with `maxSteps`, whose trainer reported `start`.
    func started(maxSteps: String, _ start: TrainingStart) -> AppState {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogNextField)
        for character in maxSteps { _ = reduce(&state, .dialogEdit(.insert(character))) }
        _ = reduce(&state, .dialogSubmit)
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/tui-1"))
        _ = reduce(&state, .trainingEvent(.started(start)))
        return state
    }

    func start(steps: Int, labels: [String], devExamples: Int = 872) -> TrainingStart {
        TrainingStart(totalSteps: steps, epochs: 1, batchSize: 32, examples: 600, trainableParameters: 1, labelNames: labels,
                      devExamples: devExamples)
    }

    @Test func evaluatingARunWithoutADevSetSaysSo() {
        var state = Fixtures.state()
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/a"))
        _ = reduce(&state, .trainingEvent(.started(start(steps: 10, labels: ["0", "1"], devExamples: 0))))
        #expect(reduce(&state, .evaluateNow).isEmpty, "nothing asked of the trainer")
        #expect(state.message == StatusMessage("This run has no dev set to evaluate on", kind: .error))
    }

    @Test func evaluateAndSaveWhilePausedHappenNowAndTheirEventsReplaceTheMessage() {
        var state = started(maxSteps: "80", start(steps: 80, labels: ["0", "1"]))
        _ = reduce(&state, .trainingEvent(Fixtures.step(25, loss: 0.5, total: 80)))
        _ = reduce(&state, .trainingEvent(.paused(step: 25)))
        guard case .evaluateNow? = reduce(&state, .evaluateNow).first else { Issue.record("no evaluate"); return }
        #expect(state.message?.text == "Evaluating now (still paused)…")
        let report = EvaluationReport(step: 25, accuracy: 0.75, loss: 0.5, examples: 64)
        _ = reduce(&state, .trainingEvent(.evaluation(report)))
        #expect(state.message?.text == "Dev accuracy 75.00 % at step 25")
        guard case .saveNow? = reduce(&state, .saveNow).first else { Issue.record("no save"); return }
        #expect(state.message?.text == "Saving now (still paused)…")
        _ = reduce(&state, .trainingEvent(.saved(step: 25, path: "runs/tui-1/adapters.safetensors", checkpoint: nil)))
        #expect(state.message?.text == "Saved adapters to runs/tui-1/adapters.safetensors")
        #expect(state.training.status == .paused)
        _ = reduce(&state, .trainingEvent(.resumed(step: 25)))
        _ = reduce(&state, .evaluateNow)
        #expect(state.message?.text == "Evaluating after this step…")
    }

    @Test func theDialogSaysWhichOfMaxStepsAndEpochsEndsTheRun() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.lines.contains("Max steps or Epochs ends the run, whichever comes first."))
    }

    @Test func aRunCutShortByEpochsSaysSoWhenItStarts() {
        let capped = started(maxSteps: "40", start(steps: 19, labels: ["0", "1"]))
        #expect(capped.message?.text == "Epochs 1 ends the run at step 19, before Max steps 40 · 2 labels: 0, 1")
        let full = started(maxSteps: "19", start(steps: 19, labels: ["0", "1"]))
        #expect(full.message?.text == "Training 19 steps on 600 examples · 2 labels: 0, 1")
    }

    @Test func theLabelSetShowsWhenTheRunStarts() {
        let state = started(maxSteps: "", start(steps: 19, labels: ["0", "1", "x"]))
        #expect(state.training.labels == ["0", "1", "x"])
        #expect(state.message?.text.hasSuffix("3 labels: 0, 1, x") == true)
        #expect(TrainingView.progressLine(state.training, width: 80).contains("3 labels: 0, 1, x"))
        var many = TrainingState()
        many.labels = (1...9).map(String.init)
        #expect(many.labelSummary() == "9 labels: 1, 2, 3, 4, 5, 6, …")
        #expect(TrainingState().labelSummary() == nil)
    }
}
