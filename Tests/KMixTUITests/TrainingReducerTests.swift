import Testing
@testable import KMix
@testable import KMixTUI

/// What the training controls and a run's start tell the user.
@Suite struct TrainingReducerTests {
    @Test func evaluateAndSaveWhilePausedHappenNowAndTheirEventsReplaceTheMessage() {
        var state = Fixtures.state()
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/tui-1"))
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
}
