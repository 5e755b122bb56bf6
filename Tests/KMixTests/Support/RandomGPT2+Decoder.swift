import Foundation
import KMixTestSupport
@testable import KMix

extension RandomGPT2 {
    /// The decoder, with weights drawn from `seed`.
    func decoder(seed: UInt64) throws -> Transformer {
        let text = try JSONSerialization.data(withJSONObject: configurationJSON)
        let configuration = try ModelConfiguration(json: JSONNode(parsing: text).object(), path: "random-gpt2")
        let tensors = tensors(seed: seed)
        let weights = try ModelWeights(configuration: configuration, source: "random-gpt2") { tensors[$0] }
        return Transformer(configuration: configuration, weights: weights)
    }

    /// Kernel-mix adapters with `TinyModel.raggedPlan`'s ranks (for a model of its shape: 2 layers of 2 heads) and
    /// no classifier, every value drawn from `seed` × 0.3, large enough to change the output.
    static func raggedAdapters(seed: UInt64) -> AdapterSet {
        var adapters = AdapterSet(plan: TinyModel.raggedPlan(head: .last), labelCount: 0)
        var generator = SeededGenerator(seed: seed)
        for i in adapters.store.values.indices { adapters.store.values[i] = Float(generator.nextNormal() * 0.3) }
        return adapters
    }
}
