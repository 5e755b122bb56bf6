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
        var kept = [UInt8](repeating: 0, count: count)
        kept.withUnsafeMutableBufferPointer { draw(into: $0.baseAddress!, count: count, rate: rate) }
        return DropoutMask(kept: kept, scale: 1 / (1 - rate))
    }

    /// Writes `count` keep flags for `rate` to `kept` (1 kept, 0 dropped): each
    /// 64-bit draw decides two elements by its low and high 24-bit words.
    mutating func draw(into kept: UnsafeMutablePointer<UInt8>, count: Int, rate: Float) {
        let threshold = UInt32(Double(rate) * 0x1p24)
        var index = 0
        while index + 2 <= count {
            let bits = generator.next()
            kept[index] = UInt32(truncatingIfNeeded: bits) & 0xFF_FFFF < threshold ? 0 : 1
            kept[index + 1] = UInt32(truncatingIfNeeded: bits >> 32) & 0xFF_FFFF < threshold ? 0 : 1
            index += 2
        }
        if index < count {
            kept[index] = UInt32(truncatingIfNeeded: generator.next()) & 0xFF_FFFF < threshold ? 0 : 1
        }
    }
}
