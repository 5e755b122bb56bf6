import Testing
@testable import KMix
@testable import KMixTUI

/// Stopping or quitting while a run loads its data (before its first step).
@Suite struct PreparingReducerTests {
    /// A state whose run was just started from the dialog and is loading its data.
    func preparing() -> AppState {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogSubmit)
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/tui-1"))
        return state
    }

    @Test func quitAsksAndSaysThatItCancels() {
        var state = preparing()
        #expect(state.training.status == .preparing)
        #expect(reduce(&state, .requestQuit).isEmpty)
        #expect(!state.shouldQuit)
        guard case let .dialog(dialog)? = state.overlay, dialog.kind == .confirmQuit else { Issue.record("no confirm"); return }
        #expect(dialog.lines.first == "The run is still loading its data; quitting cancels it.")
        let effects = reduce(&state, .dialogEdit(.insert("y")))
        guard effects.count == 2, case .stopTraining = effects[0], case .quit = effects[1] else {
            Issue.record("expected stop then quit: \(effects)")
            return
        }
        #expect(state.shouldQuit)
    }

    @Test func stayingKeepsThePreparation() {
        var state = preparing()
        _ = reduce(&state, .requestQuit)
        _ = reduce(&state, .dialogCancel)
        #expect(state.overlay == nil && !state.shouldQuit)
        #expect(state.training.status == .preparing)
    }

    @Test func stopCancelsThenQuitNeedsNoQuestion() {
        var state = preparing()
        _ = reduce(&state, .requestStop)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no confirm"); return }
        #expect(dialog.lines.first == "The run is still loading its data; stopping cancels it.")
        guard case .stopTraining? = reduce(&state, .dialogSubmit).first else { Issue.record("no stop"); return }
        #expect(state.message?.text == "Cancelling the run…")
        _ = reduce(&state, .trainingCancelled)
        #expect(state.training.status == .idle)
        #expect(state.training.runFolder == nil)
        #expect(state.message?.text == "Training cancelled before its first step; nothing was written")
        guard case .quit? = reduce(&state, .requestQuit).first else { Issue.record("no quit"); return }
    }

    @Test func aQuestionAskedWhilePreparingIsReaskedWhenTheRunStarts() {
        var state = preparing()
        _ = reduce(&state, .requestQuit)
        let start = TrainingStart(totalSteps: 10, epochs: 1, batchSize: 32, examples: 320, trainableParameters: 1,
                                  labelNames: ["0", "1"], devExamples: 100)
        _ = reduce(&state, .trainingEvent(.started(start)))
        guard case let .dialog(dialog)? = state.overlay, dialog.kind == .confirmQuit else { Issue.record("no confirm"); return }
        #expect(dialog.lines.first == "Training is running; quitting stops it and saves the adapters.")
        guard case .stopTraining? = reduce(&state, .dialogEdit(.insert("y"))).first else { Issue.record("no stop"); return }
    }

    @Test func aLateCancellationDoesNotTouchARunningRun() {
        var state = preparing()
        _ = reduce(&state, .trainingEvent(Fixtures.step(1, loss: 0.7)))
        _ = reduce(&state, .trainingCancelled)
        #expect(state.training.status == .running)
        #expect(state.training.runFolder == "runs/tui-1")
    }

    @Test func pauseEvaluateAndSaveWaitForTheFirstStep() {
        var state = preparing()
        #expect(reduce(&state, .togglePause).isEmpty)
        #expect(reduce(&state, .evaluateNow).isEmpty)
        #expect(reduce(&state, .saveNow).isEmpty)
        #expect(state.message?.kind == .error)
    }
}
