/// What padding would cost for a list of batches: the real tokens against the tokens of batches padded to their
/// longest sequence.
///
/// kmix packs batches (see `PackedBatch`) and computes the real tokens only; this measures what a padded
/// implementation would compute, to show how little length bucketing leaves to waste.
public struct PaddingCost: Sendable, Equatable {
    /// The tokens of all sequences.
    public let realTokens: Int
    /// The sum over batches of the longest length times the batch's size.
    public let paddedTokens: Int

    /// The cost of `batches` (lists of indices into `lengths`).
    public init(batches: [[Int]], lengths: [Int]) {
        var real = 0
        var padded = 0
        for batch in batches {
            real += batch.reduce(0) { $0 + lengths[$1] }
            padded += (batch.map { lengths[$0] }.max() ?? 0) * batch.count
        }
        realTokens = real
        paddedTokens = padded
    }

    /// The fraction of padded tokens that are padding (0 when there are none).
    public var wasteFraction: Double {
        paddedTokens == 0 ? 0 : Double(paddedTokens - realTokens) / Double(paddedTokens)
    }
}
