import Foundation
@testable import KMix
@testable import KMixTUI

/// A generation run (a decoder trained on E2E) for the training view's perplexity chart and samples panel.
extension Fixtures {
    /// E2E found in `folder`.
    static func e2e(in folder: String) -> DataChoice {
        DataChoice(source: DataSource(.task(.e2e, folder: nil)),
                   located: LocatedData(train: folder + "/trainset.csv", dev: folder + "/devset.csv",
                                        evaluation: folder + "/testset_w_refs.csv", place: folder, isShippedSample: false))
    }

    /// What a run wrote at `step` for four E2E sources: a long source, an output, an empty output and an output
    /// that runs over two lines.
    static func samples(step: Int) -> SampleReport {
        SampleReport(step: step, samples: [
            .init(source: "name[The Vaults], eatType[pub], priceRange[more than £30], customer rating[5 out of 5], "
                      + "near[Café Adriatic]",
                  output: "The Vaults is a pub near Café Adriatic rated 5 out of 5.",
                  references: ["The Vaults pub near Café Adriatic has a 5 star rating. Prices start at £30.",
                               "Near Café Adriatic is a pub called The Vaults."]),
            .init(source: "name[The Cambridge Blue], eatType[pub], food[English], priceRange[cheap], near[Café Brazil]",
                  output: "The Cambridge Blue is a cheap English pub near Café Brazil.",
                  references: ["Close to Café Brazil, The Cambridge Blue pub serves cheap English food."]),
            .init(source: "name[The Eagle], eatType[coffee shop], food[Japanese], area[riverside], near[Burger King]",
                  output: "", references: ["The Eagle is a Japanese coffee shop by the riverside near Burger King."]),
            .init(source: "name[The Mill], eatType[coffee shop], food[French], area[riverside], near[The Sorrento]",
                  output: "The Mill is a French\ncoffee shop.",
                  references: ["The Mill is a French coffee shop by the riverside near The Sorrento."]),
        ])
    }

    /// A decoder's generation run on E2E part way: 60 steps of falling loss, three evaluations with perplexity and
    /// token accuracy, the samples of the last one, head norms.
    static func generationState() -> AppState {
        var state = state()
        state.data = e2e(in: "data/e2e")
        state.modelIsDecoder = true
        state.screen = .training
        state.training.status = .running
        state.training.isGeneration = true
        for step in 1...60 {
            _ = reduce(&state, .trainingEvent(Fixtures.step(step, loss: Float(3 * exp(-Double(step) / 30) + 1))))
        }
        for (index, step) in [20, 40, 60].enumerated() {
            let loss = 2.5 - 0.4 * Double(index)
            _ = reduce(&state, .trainingEvent(.evaluation(EvaluationReport(step: step, accuracy: 0.3 + 0.05 * Double(index),
                                                                              loss: loss, examples: 630, perplexity: exp(loss)))))
        }
        _ = reduce(&state, .trainingEvent(.samples(samples(step: 60))))
        for step in [10, 20, 30, 40, 50, 60] { _ = reduce(&state, .trainingEvent(norms(step: step, scale: Float(step) / 60))) }
        state.cursor = HeadPosition(layer: 2, head: 5)
        state.message = nil
        return state
    }
}
