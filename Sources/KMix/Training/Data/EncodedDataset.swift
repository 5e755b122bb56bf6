/// A data set turned into token ids, ready to be cut into packed batches: labelled texts for a classifier, or
/// source/target sequences for a language model.
public struct EncodedDataset: Sendable {
    /// What each example asks the model for.
    public enum Targets: Sendable, Equatable {
        /// A class index per example, and each class's display name.
        case classes(labels: [Int], names: [String])
        /// Per example, the position of the first target token of its sequence (source, separator, target, end of
        /// text): the tokens a language model is trained to predict start there.
        case continuations(starts: [Int])
    }

    /// The token ids of each example, special tokens included.
    public let ids: [[Int32]]
    /// The token type ids of each example (1 on the second text of a pair).
    public let typeIDs: [[Int32]]
    /// What the model is asked for.
    public let targets: Targets
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
        targets = .classes(labels: dataset.examples.map(\.label), names: dataset.labelNames)
        source = dataset.source
    }

    /// Encodes every pair of `dataset` as `GenerationSequence` lays it out, within `maxLength` tokens.
    /// - Throws: `DataError.sourceTooLong` naming the first example whose source leaves no room for a target.
    public init(_ dataset: GenerationDataset, tokenizer: Tokenizer, endOfText: Int32,
                maxLength: Int) throws(DataError) {
        var ids: [[Int32]] = [], starts: [Int] = []
        ids.reserveCapacity(dataset.examples.count)
        starts.reserveCapacity(dataset.examples.count)
        for example in dataset.examples {
            let prompt = GenerationSequence.prompt(example.source, tokenizer: tokenizer)
            guard prompt.count < maxLength, !prompt.isEmpty else {
                throw .sourceTooLong(file: dataset.source, line: example.line, tokens: prompt.count, limit: maxLength)
            }
            let target = GenerationSequence.continuation(example.target, tokenizer: tokenizer, endOfText: endOfText)
            ids.append(prompt + target.prefix(maxLength - prompt.count))
            starts.append(prompt.count)
        }
        self.ids = ids
        typeIDs = ids.map { [Int32](repeating: 0, count: $0.count) }
        targets = .continuations(starts: starts)
        source = dataset.source
    }

    /// The number of examples.
    public var count: Int { ids.count }

    /// The token length of each example, for `BatchSchedule`.
    public var lengths: [Int] { ids.map(\.count) }

    /// The class index of each example (none for continuations).
    public var labels: [Int] {
        if case let .classes(labels, _) = targets { return labels }
        return []
    }

    /// The display name of each class (none for continuations: a language model has no classes).
    public var labelNames: [String] {
        if case let .classes(_, names) = targets { return names }
        return []
    }

    /// Each example's first target position, when the examples are continuations.
    public var targetStarts: [Int]? {
        if case let .continuations(starts) = targets { return starts }
        return nil
    }

    /// The examples at `indices`, packed, with their labels (none for continuations).
    public func batch(_ indices: [Int]) -> LabeledBatch {
        let labels = self.labels
        return LabeledBatch(
            indices: indices,
            batch: PackedBatch(sequences: indices.map { ids[$0] }, typeIDs: indices.map { typeIDs[$0] }),
            labels: labels.isEmpty ? [] : indices.map { labels[$0] })
    }
}

/// How a source/target pair becomes one sequence for a decoder, as the LoRA and Kernel-mix NLG scripts lay it out:
/// the source's tokens, the target's tokens encoded with a leading space, then the end-of-text token. Generation is
/// prompted with the source's tokens and stops at the end-of-text token, so training and decoding agree. No
/// end-of-text token separates the two: in GPT-2's pretraining that token ends a document, and a model that has
/// learned to ignore what comes before it would have to unlearn that to read the source.
public enum GenerationSequence {
    /// The tokens a source is prompted with.
    public static func prompt(_ source: String, tokenizer: Tokenizer) -> [Int32] {
        tokenizer.encode(source).ids
    }

    /// The tokens of a target after its source: a space and the target, then the end-of-text token.
    public static func continuation(_ target: String, tokenizer: Tokenizer, endOfText: Int32) -> [Int32] {
        tokenizer.encode(" " + target).ids + [endOfText]
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
