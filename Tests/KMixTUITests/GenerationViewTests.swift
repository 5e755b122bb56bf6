import Testing
@testable import KMix
@testable import KMixTUI

/// The training view of a generation run: dev perplexity in place of accuracy, and the samples panel.
@Suite struct GenerationViewTests {
    func render(_ state: AppState, _ width: Int, _ height: Int) -> String {
        RootView.render(state, width: width, height: height, options: RenderOptions()).text
    }

    @Test func perplexityReplacesTheAccuracyChart() {
        for (width, height) in [(80, 24), (100, 30), (160, 48)] {
            let text = render(Fixtures.generationState(), width, height)
            #expect(text.contains("Dev perplexity"), "\(width)x\(height): \(text)")
            #expect(text.contains("dev ppl 5.47"), "the progress line gives the latest perplexity: \(text)")
            let accuracy = text.replacingOccurrences(of: "token accuracy", with: "")
            #expect(!accuracy.contains("ccuracy"), "accuracy is only ever token accuracy: \(text)")
        }
        #expect(render(Fixtures.generationState(), 160, 48).contains("token accuracy 40.0 %"))
    }

    @Test func everySampleShowsItsSourceOutputAndFirstReferenceLabelledWithItsStep() {
        for (width, height) in [(100, 30), (160, 48)] {
            let text = render(Fixtures.generationState(), width, height)
            #expect(text.contains("Samples written at step 60"), "\(text)")
            for prefix in ["1 src name[The Vaults]", "  out The Vaults is a pub", "  ref The Vaults pub near Café",
                           "2 src name[The Cambridge Blue]", "4 src name[The Mill]", "  out The Mill is a French coffee shop."] {
                #expect(text.contains(prefix), "\(width)x\(height) lacks \(prefix): \(text)")
            }
            #expect(text.contains("(nothing: the end of text came first)"), "an empty output says so")
            #expect(!text.contains("Near Café Adriatic is a pub"), "only the first reference")
        }
    }

    @Test func atEightyByTwentyFourTheSamplesTakeTwoRowsEachAndLongLinesEndInAnEllipsis() {
        let text = render(Fixtures.generationState(), 80, 24)
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.contains("1 src name[The Vaul") && $0.contains("ref The Vaults pub") && $0.contains("…") },
                "source and reference side by side, cut: \(text)")
        #expect(lines.contains { $0.contains("  out The Vaults is a pub near Café Adriatic rated 5 out of 5.") }, "\(text)")
        #expect(lines.contains { $0.contains("4 src name[The Mill]") }, "\(text)")
        #expect(text.contains("Training loss") && text.contains("Dev perplexity"), "the charts stay: \(text)")
    }

    @Test func theFormFollowsTheRowsTheBodyHas() {
        #expect(TrainingView.samplesForm(bodyRows: 19) == .compact, "80x24")
        #expect(TrainingView.samplesForm(bodyRows: 24) == .full)
        #expect(TrainingView.samplesForm(bodyRows: 23) == .compact)
        #expect(TrainingView.samplesForm(bodyRows: 15) == nil)
    }

    @Test func tooFewRowsDropThePanelWithANote() {
        var grid = CellGrid(width: 80, height: 17)
        TrainingView.draw(into: &grid, Fixtures.generationState(), in: Rect(x: 0, y: 0, width: 80, height: 17),
                          glyphs: .braille)
        #expect(grid.text.contains("Samples hidden: they need 1 more row"), "\(grid.text)")
        #expect(!grid.text.contains("Samples written"), "\(grid.text)")
    }

    @Test func beforeTheFirstEvaluationThePanelSaysWhenSamplesCome() {
        var state = Fixtures.state()
        state.data = Fixtures.e2e(in: "data/e2e")
        state.screen = .training
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogSubmit)
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/tui-1"))
        #expect(state.training.isGeneration)
        let text = render(state, 100, 30)
        #expect(text.contains("what the model writes for 4 dev sources appears after each evaluation"), "\(text)")
        #expect(text.contains("waiting for an evaluation…"), "\(text)")
    }

    @Test func idleWithE2EDataTheViewIsAlreadyAGenerationView() {
        var state = Fixtures.state()
        state.data = Fixtures.e2e(in: "data/e2e")
        state.screen = .training
        let text = render(state, 100, 30)
        #expect(text.contains("Dev perplexity") && text.contains("press t to train on E2E"), "\(text)")
    }

    @Test func aClassificationRunKeepsItsAccuracyView() {
        let text = render(Fixtures.trainingState(), 100, 30)
        #expect(text.contains("Dev accuracy") && text.contains("dev 80.0 %"))
        #expect(!text.contains("Samples") && !text.contains("perplexity"))
    }
}
