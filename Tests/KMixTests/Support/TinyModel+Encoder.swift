import Foundation
import KMixTestSupport
@testable import KMix

extension TinyModel {
    /// The encoder, with weights drawn from `seed`.
    static func encoder(seed: UInt64 = 7) throws -> BertEncoder {
        let text = try JSONSerialization.data(withJSONObject: configurationJSON)
        let configuration = try BertConfiguration(json: JSONNode(parsing: text).object(), path: "tiny")
        let tensors = tensors(seed: seed)
        let weights = try BertWeights(configuration: configuration, source: "tiny") { tensors[$0] }
        return BertEncoder(configuration: configuration, weights: weights)
    }
}
