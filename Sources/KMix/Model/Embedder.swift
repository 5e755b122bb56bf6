/// Encodes many texts with a model, in length-bucketed batches.
///
/// Texts are sorted by token count and cut into batches of `batchSize`, so
/// sequences of similar length run together; results come back in input order.
public struct Embedder: Sendable {
    /// What one input produced.
    public struct Output: Sendable, Equatable {
        /// The token ids the input encoded to, with `[CLS]` and `[SEP]`.
        public var inputIDs: [Int32]
        /// The pooled vector (`d` values), or every token's hidden state
        /// (`tokens x d`) with `Pooling.none`.
        public var values: Tensor
    }

    /// The model that encodes.
    public let model: PretrainedModel
    /// How token states become one vector.
    public var pooling: Pooling
    /// Whether pooled vectors are scaled to unit L2 norm.
    public var normalize: Bool
    /// Sequences are truncated to this many tokens (at most the model's positions).
    public var maxLength: Int
    /// Sentences per batch.
    public var batchSize: Int

    /// An embedder with sentence-transformers' defaults for pooling (`mean`, normalised).
    public init(model: PretrainedModel, pooling: Pooling = .mean, normalize: Bool = true,
                maxLength: Int? = nil, batchSize: Int = 32) {
        self.model = model
        self.pooling = pooling
        self.normalize = normalize
        self.maxLength = min(maxLength ?? model.configuration.maxPositions, model.configuration.maxPositions)
        self.batchSize = max(1, batchSize)
    }

    /// Encodes `texts`; the result's element i belongs to `texts[i]`.
    /// - Throws: `NonFiniteOutput` when an input's output is not finite, naming it as example `firstIndex + i`
    ///   (the position of `texts` in a longer input read in parts).
    public func embed(_ texts: [String], firstIndex: Int = 0) throws(NonFiniteOutput) -> [Output] {
        let encodings = texts.map { model.tokenizer.encode($0, maxLength: maxLength) }
        let order = encodings.indices.sorted { encodings[$0].ids.count < encodings[$1].ids.count }
        var outputs = [Output?](repeating: nil, count: texts.count)
        let d = model.configuration.hiddenSize
        for start in Swift.stride(from: 0, to: order.count, by: batchSize) {
            let members = Array(order[start..<(start + min(batchSize, order.count - start))])
            let batch = PackedBatch(sequences: members.map { encodings[$0].ids },
                                    typeIDs: members.map { encodings[$0].typeIDs })
            let hidden = model.encoder.hiddenStates(for: batch)
            if pooling == .none {
                for (slot, index) in members.enumerated() {
                    let rows = batch.offsets[slot]..<(batch.offsets[slot] + batch.lengths[slot])
                    let values = Array(hidden.scalars[(rows.lowerBound * d)..<(rows.upperBound * d)])
                    try NonFiniteOutput.check(values, what: "hidden states", example: firstIndex + index)
                    outputs[index] = Output(inputIDs: encodings[index].ids,
                                            values: Tensor(shape: [rows.count, d], scalars: values))
                }
            } else {
                let pooled = pooling.pool(hidden, batch: batch, normalize: normalize)
                for (slot, index) in members.enumerated() {
                    let values = Array(pooled.scalars[(slot * d)..<((slot + 1) * d)])
                    try NonFiniteOutput.check(values, what: "embedding", example: firstIndex + index)
                    outputs[index] = Output(inputIDs: encodings[index].ids, values: Tensor(shape: [d], scalars: values))
                }
            }
        }
        return outputs.compactMap { $0 }
    }
}
