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

    @Test func theDialogSaysHowEpochsFollowMaxSteps() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.lines.contains("Empty Epochs: as many as Max steps needs, else 1."))
        #expect(dialog.value(.epochs).isEmpty)
    }

    @Test func aStartedRunSaysItsLength() {
        let state = started(maxSteps: "40", start(steps: 40, labels: ["0", "1"]))
        #expect(state.message?.text == "Training 40 steps (1 epoch of 600 examples) · 2 labels: 0, 1")
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

/// A run that ends no better than always answering the majority label says so.
@Suite struct MajorityFindingTests {
    func finish(accuracy: Double) -> AppState {
        var state = Fixtures.state()
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/a"))
        _ = reduce(&state, .trainingEvent(.started(TrainingStart(totalSteps: 63, epochs: 1, batchSize: 32, examples: 2000,
                                                                 trainableParameters: 1, labelNames: ["negative", "positive"],
                                                                 devExamples: 872))))
        let report = EvaluationReport(step: 63, accuracy: accuracy, loss: 0.69, examples: 872,
                                      majority: MajorityBaseline(labels: Array(repeating: 0, count: 428) + Array(repeating: 1, count: 444)))
        let adapters = AdapterSet(plan: AdapterPlan(preset: .none, shape: Fixtures.shape), labelCount: 2)
        _ = reduce(&state, .trainingEvent(.finished(TrainingSummary(steps: 63, seconds: 20, stopped: false,
                                                                    finalEvaluation: report, adapters: adapters))))
        return state
    }

    @Test func aRunAtTheMajorityBaselineIsCalledOut() {
        let state = finish(accuracy: 444.0 / 872)
        #expect(state.message?.kind == .error)
        #expect(state.message?.text == "Training finished after 63 steps, but dev accuracy 50.92 % is no better than always "
                + "answering 'positive' (50.92 %): the run has not learned the task; try a higher Learning rate, more Epochs "
                + "or more Max train rows (t)")
    }

    @Test func aRunThatLearnedFinishesQuietly() {
        let state = finish(accuracy: 0.82)
        #expect(state.message?.kind == .info)
        #expect(state.message?.text.hasPrefix("finished after 63 steps") == true)
    }

    @Test func theBaselineIsTheMostCommonLabelsShare() {
        let baseline = MajorityBaseline(labels: [1, 0, 1, 2, 1])
        #expect(baseline?.label == 1 && baseline?.accuracy == 0.6)
        #expect(MajorityBaseline(labels: []) == nil)
        let report = EvaluationReport(step: 1, accuracy: 0.605, loss: 1, examples: 5, majority: baseline)
        #expect(report.isNoBetterThanMajority, "within one example of a small set")
        let better = EvaluationReport(step: 1, accuracy: 0.8, loss: 1, examples: 5, majority: baseline)
        #expect(!better.isNoBetterThanMajority && better.majorityFinding(labelNames: ["a", "b", "c"]) == nil)
    }
}
