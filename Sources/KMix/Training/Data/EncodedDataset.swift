/// A classification data set turned into token ids, ready to be cut into packed batches.
public struct EncodedDataset: Sendable {
    /// The token ids of each example, special tokens included.
    public let ids: [[Int32]]
    /// The token type ids of each example (1 on the second text of a pair).
    public let typeIDs: [[Int32]]
    /// The class index of each example.
    public let labels: [Int]
    /// The display name of each class.
    public let labelNames: [String]
    /// Where the examples come from.
    public let source: String

    /// Encodes every example of `dataset` with `tokenizer`, truncating each to `maxLength` tokens when given.
    public init(_ dataset: ClassificationDataset, tokenizer: Tokenizer, maxLength: Int?) {
        var ids: [[Int32]] = []
        var typeIDs: [[Int32]] = []
        ids.reserveCapacity(dataset.count)
        typeIDs.reserveCapacity(dataset.count)
        for example in dataset.examples {
            let encoding = tokenizer.encode(example.text, pair: example.pair, maxLength: maxLength)
            ids.append(encoding.ids)
            typeIDs.append(encoding.typeIDs)
        }
        self.ids = ids
        self.typeIDs = typeIDs
        labels = dataset.examples.map(\.label)
        labelNames = dataset.labelNames
        source = dataset.source
    }

    /// The number of examples.
    public var count: Int { ids.count }

    /// The token length of each example, for `BatchSchedule`.
    public var lengths: [Int] { ids.map(\.count) }

    /// The examples at `indices`, packed, with their labels.
    public func batch(_ indices: [Int]) -> LabeledBatch {
        LabeledBatch(
            indices: indices,
            batch: PackedBatch(sequences: indices.map { ids[$0] }, typeIDs: indices.map { typeIDs[$0] }),
            labels: indices.map { labels[$0] })
    }
}

/// A packed batch of examples with their class indices.
public struct LabeledBatch: Sendable, Equatable {
    /// The examples' indices in their data set, in batch order.
    public let indices: [Int]
    /// The examples' tokens.
    public let batch: PackedBatch
    /// The examples' class indices, in batch order.
    public let labels: [Int]
}
