import Testing
@testable import KMix
@testable import KMixTUI

/// A run that reallocates: each reallocation event puts the run's plan in the heads screen's rank map, live, until
/// the plan is edited; `:take` makes it the editable plan (one undo step).
@Suite struct ReallocationViewTests {
    /// The fixture's plan with one query rank moved from head 0 to head 1 of layer `layer`.
    static func moved(_ plan: AdapterPlan, layer: Int) -> AdapterPlan {
        var plan = plan
        plan.layers[layer].heads[.query][0] -= 1
        plan.layers[layer].heads[.query][1] += 1
        return plan
    }

    /// A run part way through, on the heads screen, started from the fixture's plan with a reallocation.
    static func running() -> AppState {
        var state = Fixtures.trainingState()
        state.screen = .heads
        state.metric = .rank
        state.settings.reallocation = Reallocation(every: 10, until: 40)
        return state
    }

    @Test func eachReallocationUpdatesTheRankMapLive() {
        var state = Self.running()
        let start = state.plan
        #expect(state.runPlan == nil && state.metricValues(.rank)[1][0] == Double(start.layers[1].ranks(.query)[0]))
        let first = Self.moved(start, layer: 1)
        _ = reduce(&state, .trainingEvent(.reallocated(ReallocationReport(step: 10, plan: first, movedRanks: 1))))
        #expect(state.shownPlan == first && state.plan == start, "shown, not put in the editor")
        #expect(state.metricValues(.rank)[1][0] == Double(start.layers[1].ranks(.query)[0] - 1))
        #expect(state.metricValues(.rank)[1][1] == Double(start.layers[1].ranks(.query)[1] + 1))
        var text = RootView.render(state, width: 120, height: 36, options: RenderOptions()).text
        #expect(text.contains("run's plan after step 10 (reallocated)"), "\(text)")
        let second = Self.moved(first, layer: 4)
        _ = reduce(&state, .trainingEvent(.reallocated(ReallocationReport(step: 20, plan: second, movedRanks: 1))))
        #expect(state.metricValues(.rank)[4][1] == Double(start.layers[4].ranks(.query)[1] + 1))
        text = RootView.render(state, width: 120, height: 36, options: RenderOptions()).text
        #expect(text.contains("run's plan after step 20 (reallocated)"), "\(text)")
        #expect(state.message?.text == "Ranks reallocated after step 20: 1 moved between heads; :take puts the run's plan in the editor")
    }

    @Test func anEditShowsTheEditablePlanUntilTheNextReallocation() {
        var state = Self.running()
        let start = state.plan, first = Self.moved(start, layer: 1)
        _ = reduce(&state, .trainingEvent(.reallocated(ReallocationReport(step: 10, plan: first, movedRanks: 1))))
        _ = reduce(&state, .changeRank(1))
        #expect(state.runPlan == nil && state.shownPlan == state.plan)
        _ = reduce(&state, .trainingEvent(.reallocated(ReallocationReport(step: 20, plan: first, movedRanks: 0))))
        #expect(state.shownPlan == first)
    }

    @Test func takingTheRunsPlanIsOneUndoStep() {
        var state = Self.running()
        let start = state.plan, first = Self.moved(start, layer: 1)
        _ = reduce(&state, .takeRunPlan)
        #expect(state.message?.kind == .error && state.plan == start, "nothing to take before a reallocation")
        _ = reduce(&state, .trainingEvent(.reallocated(ReallocationReport(step: 10, plan: first, movedRanks: 1))))
        _ = reduce(&state, .takeRunPlan)
        #expect(state.plan == first)
        _ = reduce(&state, .undo)
        #expect(state.plan == start)
    }

    @Test func aNewRunForgetsTheLastOnesReallocation() {
        var state = Self.running()
        _ = reduce(&state, .trainingEvent(.reallocated(ReallocationReport(step: 10, plan: Self.moved(state.plan, layer: 1),
                                                                           movedRanks: 1))))
        state.training.status = .finished(stopped: false)
        _ = beginTraining(&state, state.settings)
        #expect(state.training.reallocation == nil && state.shownPlan == state.plan)
    }
}
