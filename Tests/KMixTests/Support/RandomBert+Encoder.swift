import Foundation
import KMixTestSupport
@testable import KMix

extension RandomBert {
    /// The encoder, with weights drawn from `seed`.
    func encoder(seed: UInt64) throws -> Transformer {
        let text = try JSONSerialization.data(withJSONObject: configurationJSON)
        let configuration = try ModelConfiguration(json: JSONNode(parsing: text).object(), path: "random-bert")
        let tensors = tensors(seed: seed)
        let weights = try ModelWeights(configuration: configuration, source: "random-bert") { tensors[$0] }
        return Transformer(configuration: configuration, weights: weights)
    }
}
