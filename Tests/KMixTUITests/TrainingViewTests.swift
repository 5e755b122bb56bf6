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
}
