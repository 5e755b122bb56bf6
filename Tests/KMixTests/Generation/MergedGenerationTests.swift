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
        let text = try JSONSerialization.data(withJSONObject: Self.model.configurationJSON)
        let configuration = try ModelConfiguration(json: JSONNode(parsing: text).object(), path: "random-gpt2")
        let tensors = Self.model.tensors(seed: 21)
        let weights = try ModelWeights(configuration: configuration, source: "random-gpt2") { tensors[$0] }
        var plan = AdapterPlan(preset: .none, shape: Self.model.shape)
        plan.layers[0].heads = PerProjection(query: [2, 0], value: [0, 3], output: [1, 2])
        plan.layers[0].shared = PerProjection(query: 1, value: 2, output: 1)
        plan.layers[1].heads = PerProjection(query: [1, 1], value: [2, 0], output: [0, 1])
        plan.layers[1].shared = PerProjection(query: 0, value: 1, output: 2)
        var adapters = AdapterSet(plan: plan, labelCount: 0)
        var generator = SeededGenerator(seed: 11)
        for i in adapters.store.values.indices { adapters.store.values[i] = Float(generator.nextNormal() * 0.3) }
        let frozen = Transformer(configuration: configuration, weights: weights)
        let adapted = try KernelMixLanguageModel(model: frozen, adapters: adapters, workers: 1)
            .lossAndGradient(batch: Self.batch, dropout: nil).loss

        let merged = Transformer(configuration: configuration, weights: weights.merging(adapters))
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
