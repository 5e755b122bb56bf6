import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// What `kmix generate --run` decodes with: the run's adapters folded into a GPT-2's weights
/// (`ModelWeights.merging`) compute the function the adapted model trains (`KernelMixLanguageModel`).
@Suite struct MergedGenerationTests {
    static let model = RandomGPT2(layers: 2, heads: 2, headSize: 4)
    static let batch = PackedBatch(sequences: [[1, 5, 7, 9, 2], [3, 8], [4, 4, 8, 6, 2, 11, 2, 13]])

    @Test func foldedAdaptersGiveTheAdaptedModelsNextTokenLoss() throws {
        let frozen = try Self.model.decoder(seed: 21), configuration = frozen.configuration
        let adapters = RandomGPT2.raggedAdapters(seed: 11)
        let adapted = try KernelMixLanguageModel(model: frozen, adapters: adapters, workers: 1)
            .lossAndGradient(batch: Self.batch, dropout: nil).loss

        let merged = Transformer(configuration: configuration, weights: frozen.weights.merging(adapters))
        let logits = merged.languageModelLogits(for: Self.batch), v = configuration.vocabularySize
        var total = 0.0, predicted = 0
        for sequence in 0..<Self.batch.count {
            for position in 0..<(Self.batch.lengths[sequence] - 1) {
                let row = Self.batch.offsets[sequence] + position
                let scores = logits.scalars[(row * v)..<((row + 1) * v)].map(Double.init)
                let largest = scores.max()!
                let target = Int(Self.batch.tokenIDs[row + 1])
                total += log(scores.map { exp($0 - largest) }.reduce(0, +)) + largest - scores[target]
                predicted += 1
            }
        }
        let folded = Float(total / Double(predicted))
        let frozenLoss = try KernelMixLanguageModel(model: frozen, adapters: AdapterSet(plan: AdapterPlan(preset: .none,
            shape: Self.model.shape), labelCount: 0), workers: 1).lossAndGradient(batch: Self.batch, dropout: nil).loss
        #expect(abs(adapted - frozenLoss) > 1e-2, "the adapters change the model")
        #expect(abs(folded - adapted) <= 1e-4 * max(1, abs(adapted)), "folded \(folded), adapted \(adapted)")
    }
}
