import Testing
@testable import KMixTUI

/// The training screen's charts say why they are empty.
@Suite struct TrainingViewTests {
    @Test func aRunThatFailedBeforeItsFirstStepSaysSo() {
        var state = Fixtures.state()
        state.screen = .training
        state.training.status = .failed("the data file x.tsv does not exist")
        let text = RootView.render(state, width: 120, height: 36, options: RenderOptions()).text
        #expect(text.contains("the run stopped before its first step"), "\(text)")
        #expect(!text.contains("waiting for the first step"), "\(text)")
    }

    @Test func atEightyColumnsEveryOtherHeadIsNumberedTenIncluded() {
        let text = RootView.render(Fixtures.trainingState(), width: 80, height: 24, options: RenderOptions()).text
        let lines = text.split(separator: "\n")
        #expect(lines.contains { $0.contains("0   2   4   6   8   10 ") && $0.contains("Adapter norm") == false }, "\(text)")
        #expect(lines.filter { $0.contains("0   2   4   6   8   10") }.count == 2, "heat map and bar chart: \(text)")
    }

    @Test func labelsAreThinnedEvenlyWhenTheWidestDoesNotFit() {
        #expect(Format.labelStep(widest: 1, slot: 2) == 1)
        #expect(Format.labelStep(widest: 2, slot: 2) == 2)
        #expect(Format.labelStep(widest: 2, slot: 3) == 1)
        #expect(Format.labelStep(widest: 3, slot: 1) == 4)
    }
}
