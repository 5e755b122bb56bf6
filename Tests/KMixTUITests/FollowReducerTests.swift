import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// Following a run folder: the reducer's side of `kmix-tui --run DIR --follow`.
@Suite struct FollowReducerTests {
    @Test func followingShowsTheReportsOfItsFolderAndNoOther() throws {
        var state = Fixtures.state()
        let effects = reduce(&state, .followRun(path: "runs/a", quietAfter: 4))
        #expect(effects.map { "\($0)" } == ["\(Effect.follow(path: "runs/a", quietAfter: 4))"])
        #expect(state.screen == .training && state.training.follow == FollowState(folder: "runs/a"))
        #expect(TrainingView.progressLine(state.training, width: 200)
            .hasPrefix("following runs/a — waiting for its metrics.jsonl (the run has not started or not arrived)"))

        var report = FollowReport(folder: "runs/a")
        let plan = AdapterPlan(preset: .uniform(rank: 2), shape: Fixtures.shape)
        report.plan = plan
        report.history = try MetricsLog.parse(MetricsLogTests.lines, path: "m")
        report.totalSteps = 40
        report.waiting = false
        report.secondsSinceLine = 3
        _ = reduce(&state, .followed(report))
        #expect(state.plan == plan && state.undoStack.count == 1, "the heads screen shows the followed run's plan")
        #expect(state.training.loss.count == 2 && state.training.accuracy.count == 1 && state.training.norms != nil)
        #expect(TrainingView.progressLine(state.training, width: 200).hasPrefix("following runs/a — step 2/40, last line 3 s ago"))

        let reallocated = ReallocationReport(step: 2, plan: AdapterPlan(preset: .uniform(rank: 3), shape: Fixtures.shape),
                                             movedRanks: 5)
        report.reallocation = reallocated
        report.quiet = "no new line for 40 s (last: step 2 at 14:03:22); the writer may have stopped or the filesystem may be behind"
        _ = reduce(&state, .followed(report))
        #expect(state.shownPlan == reallocated.plan && state.undoStack.count == 1)
        #expect(TrainingView.progressLine(state.training, width: 200).hasPrefix("gone quiet: no new line for 40 s (last: step 2"))

        var other = FollowReport(folder: "runs/b")
        other.history = MetricsLog()
        _ = reduce(&state, .followed(other))
        #expect(state.training.loss.count == 2, "a report on another folder (a follower being stopped) is ignored")

        report.finished = true
        report.quiet = nil
        _ = reduce(&state, .followed(report))
        #expect(TrainingView.progressLine(state.training, width: 200).hasPrefix("followed runs/a — finished at step 2/40"))
        #expect(state.message?.text == "The followed run finished at step 2")
    }
}
