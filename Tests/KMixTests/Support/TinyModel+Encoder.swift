import Foundation
import KMixTestSupport
@testable import KMix

extension TinyModel {
    /// The encoder, with weights drawn from `seed`.
    static func encoder(seed: UInt64 = 7) throws -> Transformer {
        try model.encoder(seed: seed)
    }
}
