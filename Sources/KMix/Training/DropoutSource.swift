/// The dropout of a training pass: rates and the seeded generator that draws the masks.
///
/// Masks (`DropoutMask`) hold one byte per element and the factor 1/(1 - rate)
/// that kept elements are scaled by; an empty mask means "no dropout" (rate 0).
public struct DropoutSource: Sendable {
    /// Dropout on hidden states (`hidden_dropout_prob`): embeddings, attention output, feed-forward output, task head.
    public var hiddenRate: Float
    /// Dropout on attention probabilities (`attention_probs_dropout_prob`).
    public var attentionRate: Float
    /// Dropout on each adapter's input.
    public var adapterRate: Float
    /// The generator the masks come from.
    public var generator: SeededGenerator

    /// A source with the given rates, drawing from `generator`.
    public init(hiddenRate: Float, attentionRate: Float, adapterRate: Float, generator: SeededGenerator) {
        self.hiddenRate = hiddenRate
        self.attentionRate = attentionRate
        self.adapterRate = adapterRate
        self.generator = generator
    }

    /// A hidden-dropout mask of `count` factors.
    public mutating func hiddenMask(_ count: Int) -> DropoutMask { mask(count: count, rate: hiddenRate) }

    /// An attention-dropout mask of `count` factors.
    public mutating func attentionMask(_ count: Int) -> DropoutMask { mask(count: count, rate: attentionRate) }

    /// An adapter-input dropout mask of `count` factors.
    public mutating func adapterMask(_ count: Int) -> DropoutMask { mask(count: count, rate: adapterRate) }

    /// A mask of `count` factors for `rate`; empty when the rate is 0.
    public mutating func mask(count: Int, rate: Float) -> DropoutMask {
        guard rate > 0 else { return .none }
        let threshold = UInt32(Double(rate) * 0x1p24)
        var kept = [UInt8](repeating: 0, count: count)
        var index = 0
        while index < count {
            var bits = generator.next()
            for _ in 0..<2 where index < count {
                kept[index] = UInt32(truncatingIfNeeded: bits) & 0xFF_FFFF < threshold ? 0 : 1
                bits >>= 32
                index += 1
            }
        }
        return DropoutMask(kept: kept, scale: 1 / (1 - rate))
    }
}
