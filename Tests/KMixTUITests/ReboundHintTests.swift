import Testing
@testable import KMix
@testable import KMixTUI

/// Every hint, message and title that names a key names the key bound after `[keys]` overrides.
@Suite struct ReboundHintTests {
    static let overrides = """
        [keys]
        quit = "X"
        command = ";"
        train = "g"
        stop = "S"
        open_run = "D"
        metric = "M"
        probe = "K"
        projection = "J"
        edit_q = "Y"
        edit_v = "U"
        edit_o = "I"
        target = "G"
        narrow_window = ","
        widen_window = "."
        """

    /// `state` with the overridden keys.
    func rebound(_ state: AppState = Fixtures.state()) throws -> AppState {
        var state = state
        state.keyMap = try KeyMap.standard.overriding(try TUIConfig.parse(Self.overrides, file: "c").keys, file: "c")
        return state
    }

    func text(_ state: AppState, width: Int = 160, height: Int = 48) -> String {
        RootView.render(state, width: width, height: height, options: RenderOptions()).text
    }

    @Test func theHeadsScreenNamesTheReboundKeys() throws {
        let shown = text(try rebound())
        for hint in ["J/Y/U/I projection, M metric", "adapter norm: train (g) first", "head statistics: K to probe",
                     "no target (G sets one)"] {
            #expect(shown.contains(hint), "\(hint)\n\(shown)")
        }
        for stale in ["Tab/Q/V/O", "(t)", "P to probe", "(T sets one)", "m metric"] { #expect(!shown.contains(stale), "\(stale)") }
        var unprobed = try rebound()
        unprobed.metric = .entropy
        #expect(text(unprobed).contains("entropy (K probes)"))
    }

    @Test func anOutdatedProbeNamesTheReboundProbeKey() throws {
        var state = try rebound()
        _ = reduce(&state, .probeFinished(Fixtures.statistics()))
        #expect(state.message?.text == "Probed 256 sentences; M shows entropy, distance, importance")
        state.training.runFolder = "runs/a"
        state.training.status = .finished(stopped: false)
        #expect(text(state).contains("outdated: K probes again"))
    }

    @Test func theTrainingScreenNamesTheReboundKeys() throws {
        var state = try rebound()
        state.screen = .training
        let shown = text(state)
        #expect(shown.contains("press g to train on SST-2"), "\(shown)")
        #expect(shown.contains("all steps (, .)"), "\(shown)")
    }

    @Test func theTooSmallMessageNamesTheReboundQuitKey() throws {
        #expect(text(try rebound(), width: 70, height: 20).contains("Enlarge the window, or press X to quit."))
        #expect(text(try rebound(), width: 20, height: 5).contains("X quits"))
    }

    @Test func helpSaysWhichKeyOpensTheCommandLine() throws {
        let sections = HelpOverlay.sections(try rebound().keyMap)
        #expect(sections.last?.title == "Commands (type ; first)")
    }

    @Test func refusalsNameTheReboundKeys() throws {
        var state = try rebound()
        _ = reduce(&state, .requestExport)
        #expect(state.message?.text == "No run to export: train one (g) or open one (D)")
        state.training.status = .running
        _ = reduce(&state, .requestExport)
        #expect(state.message?.text == "Stop the run (S) or let it finish before exporting")
    }

    @Test func theMajorityAdviceNamesTheReboundTrainKey() throws {
        var state = try rebound()
        state.training.status = .running
        state.training.labels = ["negative", "positive"]
        let majority = MajorityBaseline(labels: Array(repeating: 1, count: 6) + [0, 0, 0, 0])
        let report = EvaluationReport(step: 10, accuracy: 0.6, loss: 0.7, examples: 10, majority: majority)
        let adapters = AdapterSet(plan: AdapterPlan(preset: .none, shape: Fixtures.shape), labelCount: 2)
        _ = reduce(&state, .trainingEvent(.finished(TrainingSummary(steps: 10, seconds: 1, stopped: false,
                                                                    finalEvaluation: report, adapters: adapters))))
        #expect(state.message?.text.hasSuffix("more Max train rows (g)") == true, "\(state.message?.text ?? "")")
    }
}
