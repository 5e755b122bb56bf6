import Testing
@testable import KMix
@testable import KMixTUI

/// The screen keys and typed ranks do not collide, and the title bar's tabs name the keys that work.
@Suite struct ScreenKeyTests {
    let keyMap = KeyMap.standard

    @Test func digitsTypeRanksOnTheHeadsScreenAndFunctionKeysSwitchScreens() {
        var state = Fixtures.state()
        guard case .entryDigit("2")? = keyMap.action(for: .character("2"), in: state) else { Issue.record("2"); return }
        guard case .showScreen(.training)? = keyMap.action(for: .function(2), in: state) else { Issue.record("F2"); return }
        state.screen = .training
        guard case .showScreen(.heads)? = keyMap.action(for: .function(1), in: state) else { Issue.record("F1"); return }
        guard case .toggleScreen? = keyMap.action(for: .character("`"), in: state) else { Issue.record("`"); return }
    }

    @Test func theTabsNameTheKeysThatShowTheirScreens() throws {
        let title = RootView.render(Fixtures.state(), width: 120, height: 36, options: RenderOptions()).text
            .split(separator: "\n").first.map(String.init) ?? ""
        #expect(title.contains(" F1 Heads ") && title.contains(" F2 Training "), "\(title)")
        #expect(!title.contains(" 1 Heads "), "\(title)")
        let config = try TUIConfig.parse("[keys]\nheads_screen = \"F5\"\ntraining_screen = \"F6\"\n", file: "c")
        let rebound = try KeyMap.standard.overriding(config.keys, file: "c")
        var state = Fixtures.state()
        state.keyMap = rebound
        let reboundTitle = RootView.render(state, width: 120, height: 36, options: RenderOptions()).text
            .split(separator: "\n").first.map(String.init) ?? ""
        #expect(reboundTitle.contains(" F5 Heads ") && reboundTitle.contains(" F6 Training "), "\(reboundTitle)")
    }

    @Test func functionKeysReadBackFromTheirNames() {
        #expect(KeyNames.key("F1") == .function(1) && KeyNames.key("f12") == .function(12))
        #expect(KeyNames.key("F13") == nil)
        #expect(Key.function(2).label == "F2")
    }
}

/// Quitting asks first when something would be lost.
@Suite struct QuitTests {
    @Test func anUnchangedPlanQuitsAtOnce() {
        var state = Fixtures.state()
        guard case .quit? = reduce(&state, .requestQuit).first else { Issue.record("did not quit"); return }
    }

    @Test func unsavedChangesAreAskedAbout() {
        var state = Fixtures.state()
        _ = reduce(&state, .setRank(5))
        #expect(reduce(&state, .requestQuit).isEmpty)
        guard case let .dialog(dialog)? = state.overlay, dialog.kind == .confirmQuit else { Issue.record("no question"); return }
        #expect(dialog.lines == ["The plan has changes that are not saved; quitting loses them (:save PATH keeps them)."])
        _ = reduce(&state, .dialogEdit(.insert("n")))
        #expect(state.overlay == nil && !state.shouldQuit)
        _ = reduce(&state, .planSaved(path: "plan.json"))
        guard case .quit? = reduce(&state, .requestQuit).first else { Issue.record("saved, yet asked"); return }
    }

    /// The app draws this message while it waits for the run to stop; it comes from the reducer like any other.
    @Test func confirmingAQuitWhileTrainingSaysTheRunIsStopping() {
        var state = Fixtures.trainingState()
        _ = reduce(&state, .requestQuit)
        _ = reduce(&state, .dialogEdit(.insert("y")))
        #expect(state.shouldQuit)
        #expect(state.message?.text == "Stopping training: evaluating and saving the adapters before quitting…")
    }

    @Test func undoingBackToTheSavedPlanQuitsAtOnce() {
        var state = Fixtures.state()
        _ = reduce(&state, .setRank(5))
        _ = reduce(&state, .undo)
        guard case .quit? = reduce(&state, .requestQuit).first else { Issue.record("asked"); return }
    }

    @Test func anOpenedPlanCountsAsSaved() {
        var state = Fixtures.state()
        var other = state.plan
        other.layers[0].shared[.query] = 8
        _ = reduce(&state, .planLoaded(other, path: "b.json"))
        guard case .quit? = reduce(&state, .requestQuit).first else { Issue.record("asked"); return }
    }
}

/// No ETA once a run is no longer going forward.
@Suite struct ETATests {
    @Test func aStopRequestHidesTheETAAndSaysStopping() {
        var state = Fixtures.trainingState()
        #expect(TrainingView.progressLine(state.training, width: 120).contains("ETA"))
        _ = reduce(&state, .requestStop)
        _ = reduce(&state, .dialogEdit(.insert("y")))
        let line = TrainingView.progressLine(state.training, width: 120)
        #expect(!line.contains("ETA") && line.hasPrefix("stopping"), "\(line)")
        let adapters = AdapterSet(plan: AdapterPlan(preset: .none, shape: Fixtures.shape), labelCount: 2)
        let summary = TrainingSummary(steps: 60, seconds: 30, stopped: true, finalEvaluation: nil, adapters: adapters)
        _ = reduce(&state, .trainingEvent(.finished(summary)))
        #expect(!TrainingView.progressLine(state.training, width: 120).contains("ETA"))
    }
}
