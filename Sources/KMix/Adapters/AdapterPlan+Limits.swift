/// The ranks a model allows: a head's own rank at most its head size, a shared rank at most the hidden size.
///
/// Plan files (`AdapterPlan.load`) and presets (`AdapterPlan.Preset.plan(for:)`) are both checked with
/// `firstRankViolation()`, so that a plan is refused by the same rule wherever it comes from.
extension AdapterPlan {
    /// A rank outside what the model allows.
    public struct RankViolation: Sendable, Equatable {
        /// The layer of the rank.
        public let layer: Int
        /// The projection of the rank.
        public let projection: Projection
        /// The head of a per-head rank; nil for the layer's shared rank.
        public let head: Int?
        /// The rank found.
        public let rank: Int
        /// The largest rank allowed there.
        public let limit: Int

        /// What is wrong, e.g. "rank 33 exceeds 32" or "shared rank -1 is negative".
        public var reason: String {
            let what = head == nil ? "shared rank" : "rank"
            return rank < 0 ? "\(what) \(rank) is negative" : "\(what) \(rank) exceeds \(limit)"
        }
    }

    /// The first rank that is negative or larger than the model allows, in the order a plan file lists them
    /// (by layer: the per-head ranks of Q, V and O, then the shared ranks); nil when every rank fits.
    public func firstRankViolation() -> RankViolation? {
        let headLimit = shape.headSize, sharedLimit = shape.hiddenSize
        for (index, layer) in layers.enumerated() {
            for projection in Projection.allCases {
                for (head, rank) in layer.ranks(projection).enumerated() where !(0...headLimit).contains(rank) {
                    return RankViolation(layer: index, projection: projection, head: head, rank: rank, limit: headLimit)
                }
            }
            for projection in Projection.allCases where !(0...sharedLimit).contains(layer.sharedRank(projection)) {
                return RankViolation(layer: index, projection: projection, head: nil, rank: layer.sharedRank(projection),
                                     limit: sharedLimit)
            }
        }
        return nil
    }
}
