/// The order examples are visited in: length-bucketed, shuffled training batches and length-sorted evaluation
/// batches, as lists of example indices.
///
/// Training batches hold examples of similar lengths, so a padded implementation would waste little and a packed
/// one (see `PackedBatch`) gets even work splits, while the order still changes every epoch.
public struct BatchSchedule: Sendable, Equatable {
    /// The token length of each example.
    public let lengths: [Int]
    /// The examples per batch; the last batch of an epoch may be smaller.
    public let batchSize: Int
    /// The seed of epoch 0; epoch `e` draws from `SeededGenerator(seed: seed &+ e)`.
    public let seed: UInt64
    /// How many batches' worth of shuffled examples are sorted by length together.
    public let bucketBatches: Int

    /// A schedule over examples of `lengths`.
    /// - Precondition: `batchSize` and `bucketBatches` are positive.
    public init(lengths: [Int], batchSize: Int, seed: UInt64, bucketBatches: Int = 50) {
        precondition(batchSize > 0 && bucketBatches > 0, "batch and bucket sizes must be positive")
        self.lengths = lengths
        self.batchSize = batchSize
        self.seed = seed
        self.bucketBatches = bucketBatches
    }

    /// The training batches of `epoch`: every example exactly once.
    ///
    /// All indices are shuffled with a generator derived from the seed and the epoch (so that
    /// neighbouring seeds do not share epochs); the shuffled list is cut into buckets
    /// of `batchSize * bucketBatches`; each bucket is sorted by length (ties by index) and cut into batches of
    /// `batchSize`; the order of the batches is shuffled with the same generator.
    /// - Precondition: `epoch` is not negative.
    public func trainingBatches(epoch: Int) -> [[Int]] {
        precondition(epoch >= 0, "epochs count from 0")
        var generator = SeededGenerator(seed: seed ^ (UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15))
        var order = Array(lengths.indices)
        order.seededShuffle(using: &generator)
        var batches: [[Int]] = []
        batches.reserveCapacity(order.count.dividedRoundingUp(by: batchSize))
        for bucket in Self.chunks(order, size: batchSize.saturatingMultiplied(by: bucketBatches)) {
            batches += Self.chunks(sortedByLength(bucket), size: batchSize)
        }
        batches.seededShuffle(using: &generator)
        return batches
    }

    /// The evaluation batches: all examples sorted by length (ties by index), cut into batches, not shuffled.
    public func evaluationBatches() -> [[Int]] {
        Self.chunks(sortedByLength(Array(lengths.indices)), size: batchSize)
    }

    /// `indices` by increasing length, ties by increasing index.
    private func sortedByLength(_ indices: [Int]) -> [Int] {
        indices.sorted { (lengths[$0], $0) < (lengths[$1], $1) }
    }

    /// `items` cut into consecutive pieces of `size`, the last one possibly shorter.
    private static func chunks(_ items: [Int], size: Int) -> [[Int]] {
        stride(from: 0, to: items.count, by: size).map { Array(items[$0..<($0 + min(size, items.count - $0))]) }
    }
}
