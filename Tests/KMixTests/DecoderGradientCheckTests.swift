import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Kernel-mix on a causal pre-norm decoder (GPT-2): the hand-written backward pass of the next-token loss
/// against finite differences on a tiny random GPT-2, with the tolerance and method of `GradientCheckTests`.
@Suite struct DecoderGradientCheckTests {
    static let model = RandomGPT2(layers: 2, heads: 2, headSize: 4)
    /// Three sequences of different lengths (one of a single token, which predicts nothing).
    static let batch = PackedBatch(sequences: [[1, 5, 7, 9, 2], [3], [4, 4, 8, 6, 2, 11, 2, 13]])

    func decoder() throws -> Transformer { try Self.model.decoder(seed: 21) }

    func languageModel() throws -> KernelMixLanguageModel {
        try KernelMixLanguageModel(model: decoder(), adapters: RandomGPT2.raggedAdapters(seed: 11), workers: 2)
    }

    @Test(arguments: [false, true])
    func everyAdapterTensorMatchesFiniteDifferences(dropout withDropout: Bool) throws {
        let model = try languageModel()
        let dropout = withDropout ? DropoutSource(hiddenRate: 0.1, attentionRate: 0.1, adapterRate: 0.1,
                                                  generator: SeededGenerator(seed: 5)) : nil
        let analytic = model.lossAndGradient(batch: Self.batch, dropout: dropout).gradient
        var checked = 0
        for entry in model.adapters.store.entries where !entry.range.isEmpty {
            let error = GradientCheckTests.relativeError(analytic: { analytic[$0] }, indices: entry.range) { i, offset in
                let saved = model.adapters.store.values[i]
                defer { model.adapters.store.values[i] = saved }
                model.adapters.store.values[i] = saved + offset
                return model.lossAndGradient(batch: Self.batch, dropout: dropout).loss
            }
            #expect(error <= 1e-3, "\(entry.name): relative error \(error)")
            checked += 1
        }
        #expect(checked >= 20, "every kind of adapter tensor is checked")
    }

    /// Position t attends only to tokens ≤ t: changing a sequence's last token changes no hidden state before it.
    @Test func attentionIsCausal() throws {
        let decoder = try decoder()
        let d = Self.model.hiddenSize
        let first = decoder.hiddenStates(for: PackedBatch(sequences: [[1, 5, 7, 9]]))
        let second = decoder.hiddenStates(for: PackedBatch(sequences: [[1, 5, 7, 12]]))
        #expect(Array(first.scalars[0..<(3 * d)]) == Array(second.scalars[0..<(3 * d)]))
        #expect(Array(first.scalars[(3 * d)...]) != Array(second.scalars[(3 * d)...]))
    }

    @Test func anEncoderIsRefusedForLanguageModelling() throws {
        let encoder = try TinyModel.encoder()
        let adapters = AdapterSet(plan: AdapterPlan(preset: .none, shape: TinyModel.shape), labelCount: 0)
        #expect(throws: KernelMixLanguageModel.SetupError.notADecoder(.bert)) {
            try KernelMixLanguageModel(model: encoder, adapters: adapters)
        }
    }
}
