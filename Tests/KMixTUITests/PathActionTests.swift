import Testing
@testable import KMix
@testable import KMixTUI

/// The actions that the dialogs and the `:` commands share: files by path, export, theme and metric by name.
@Suite struct PathActionTests {
    @Test func savePlanAndOpenPlanGiveTheirEffects() {
        var state = Fixtures.state()
        guard case let .savePlan(plan, path)? = reduce(&state, .savePlan(path: "x.json")).first else { Issue.record("save"); return }
        #expect(plan == state.plan && path == "x.json")
        guard case .loadPlan(path: "y.json")? = reduce(&state, .openPlan(path: "y.json")).first else { Issue.record("open"); return }
    }

    @Test func openRunIsRefusedWhileTraining() {
        var state = Fixtures.state()
        guard case .openRun(path: "runs/a")? = reduce(&state, .openRun(path: "runs/a")).first else { Issue.record("open"); return }
        #expect(state.message == StatusMessage("Opening runs/a…"))
        state.training.status = .preparing
        #expect(reduce(&state, .openRun(path: "runs/a")).isEmpty)
        #expect(state.message == StatusMessage("Stop the current run before opening another", kind: .error))
    }

    @Test func exportRunNeedsAFinishedRunAndDefaultsItsFolder() {
        var state = Fixtures.state()
        #expect(reduce(&state, .exportRun(.peft, output: nil)).isEmpty)
        #expect(state.message?.text == "No run to export: train one (t) or open one (R)")
        state.training.runFolder = "runs/a"
        state.training.status = .running
        #expect(reduce(&state, .exportRun(.peft, output: nil)).isEmpty)
        #expect(state.message?.kind == .error)
        state.training.status = .finished(stopped: false)
        guard case let .export(request)? = reduce(&state, .exportRun(.merged, output: nil)).first else { Issue.record("export"); return }
        #expect(request == ExportRequest(run: "runs/a", format: .merged, output: "exports/a-merged"))
        guard case let .export(named)? = reduce(&state, .exportRun(.kmix, output: "out/k")).first else { Issue.record("export"); return }
        #expect(named.output == "out/k")
        #expect(state.message == StatusMessage("Exporting kmix to out/k…"))
    }

    @Test func themesAndMetricsByName() {
        var state = Fixtures.state()
        guard case .loadTheme("high-contrast")? = reduce(&state, .selectTheme("high-contrast")).first else { Issue.record("theme"); return }
        _ = reduce(&state, .selectMetric(.distance))
        #expect(state.metric == .distance)
    }

    @Test func theOpenRunDialogGoesThroughTheAction() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestOpenRun)
        _ = reduce(&state, .dialogEdit(.deleteToStart))
        for character in "runs/b" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        guard case .openRun(path: "runs/b")? = reduce(&state, .dialogSubmit).first else { Issue.record("open"); return }
        #expect(state.overlay == nil)
        #expect(state.message == StatusMessage("Opening runs/b…"))
    }
}
