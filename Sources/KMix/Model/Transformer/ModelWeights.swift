/// The frozen weights of a BERT encoder, laid out for the forward pass.
///
/// Linear weights keep Hugging Face's `out x in` layout. The query, key and
/// value projections of a layer are stacked into one `3d x d` matrix so that
/// one product computes all three.
public struct ModelWeights: Sendable {
    /// One transformer layer.
    public struct Layer: Sendable {
        /// Query, key and value weights stacked by rows: `3d x d`.
        public var qkvWeight: Tensor
        /// Query, key and value biases, concatenated: `3d`.
        public var qkvBias: Tensor
        /// Attention output projection, `d x d`, and its bias.
        public var attentionOutputWeight: Tensor
        public var attentionOutputBias: Tensor
        /// Layer norm after attention.
        public var attentionNormGamma: Tensor
        public var attentionNormBeta: Tensor
        /// Feed-forward expansion, `ff x d`, and its bias.
        public var intermediateWeight: Tensor
        public var intermediateBias: Tensor
        /// Feed-forward contraction, `d x ff`, and its bias.
        public var outputWeight: Tensor
        public var outputBias: Tensor
        /// Layer norm after the feed-forward block.
        public var outputNormGamma: Tensor
        public var outputNormBeta: Tensor
    }

    /// Word, position and token-type embedding tables (`rows x d`).
    public var wordEmbeddings: Tensor
    public var positionEmbeddings: Tensor
    public var tokenTypeEmbeddings: Tensor
    /// Layer norm over the summed embeddings.
    public var embeddingNormGamma: Tensor
    public var embeddingNormBeta: Tensor
    /// The transformer layers, bottom first.
    public var layers: [Layer]
    /// The pooler (`tanh(W h_CLS + b)`), when the checkpoint has one.
    public var poolerWeight: Tensor?
    public var poolerBias: Tensor?

    /// Gathers the weights named in Hugging Face's BERT layout, with or
    /// without the `bert.` prefix, checking every shape against `configuration`.
    ///
    /// - Parameters:
    ///   - lookup: returns the tensor stored under a name, or nil when absent.
    ///   - source: the weights file's path, for error messages.
    public init(configuration c: ModelConfiguration, source: String,
                lookup: @escaping (String) throws -> Tensor?) throws {
        let reader = WeightReader(source: source, lookup: lookup)
        let d = c.hiddenSize
        wordEmbeddings = try reader.tensor("embeddings.word_embeddings.weight", [c.vocabularySize, d])
        positionEmbeddings = try reader.tensor("embeddings.position_embeddings.weight", [c.maxPositions, d])
        tokenTypeEmbeddings = try reader.tensor("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, d])
        (embeddingNormGamma, embeddingNormBeta) = try reader.layerNorm("embeddings.LayerNorm", d)
        layers = try (0..<c.layerCount).map { index in
            let p = "encoder.layer.\(index)."
            let q = try reader.tensor(p + "attention.self.query.weight", [d, d])
            let k = try reader.tensor(p + "attention.self.key.weight", [d, d])
            let v = try reader.tensor(p + "attention.self.value.weight", [d, d])
            let qb = try reader.tensor(p + "attention.self.query.bias", [d])
            let kb = try reader.tensor(p + "attention.self.key.bias", [d])
            let vb = try reader.tensor(p + "attention.self.value.bias", [d])
            let attentionNorm = try reader.layerNorm(p + "attention.output.LayerNorm", d)
            let outputNorm = try reader.layerNorm(p + "output.LayerNorm", d)
            return Layer(
                qkvWeight: Tensor(shape: [3 * d, d], scalars: q.scalars + k.scalars + v.scalars),
                qkvBias: Tensor(shape: [3 * d], scalars: qb.scalars + kb.scalars + vb.scalars),
                attentionOutputWeight: try reader.tensor(p + "attention.output.dense.weight", [d, d]),
                attentionOutputBias: try reader.tensor(p + "attention.output.dense.bias", [d]),
                attentionNormGamma: attentionNorm.gamma, attentionNormBeta: attentionNorm.beta,
                intermediateWeight: try reader.tensor(p + "intermediate.dense.weight", [c.intermediateSize, d]),
                intermediateBias: try reader.tensor(p + "intermediate.dense.bias", [c.intermediateSize]),
                outputWeight: try reader.tensor(p + "output.dense.weight", [d, c.intermediateSize]),
                outputBias: try reader.tensor(p + "output.dense.bias", [d]),
                outputNormGamma: outputNorm.gamma, outputNormBeta: outputNorm.beta)
        }
        poolerWeight = try reader.optional("pooler.dense.weight", [d, d])
        poolerBias = try reader.optional("pooler.dense.bias", [d])
        if (poolerWeight == nil) != (poolerBias == nil) {
            throw ModelError.missingWeight(path: source, name: poolerWeight == nil ? "pooler.dense.weight" : "pooler.dense.bias")
        }
    }

    /// Parameters of the encoder (embeddings, layers and pooler).
    public var parameterCount: Int {
        var total = wordEmbeddings.count + positionEmbeddings.count + tokenTypeEmbeddings.count
            + embeddingNormGamma.count + embeddingNormBeta.count
            + (poolerWeight?.count ?? 0) + (poolerBias?.count ?? 0)
        for layer in layers {
            total += layer.qkvWeight.count + layer.qkvBias.count
                + layer.attentionOutputWeight.count + layer.attentionOutputBias.count
                + layer.attentionNormGamma.count + layer.attentionNormBeta.count
                + layer.intermediateWeight.count + layer.intermediateBias.count
                + layer.outputWeight.count + layer.outputBias.count
                + layer.outputNormGamma.count + layer.outputNormBeta.count
        }
        return total
    }
}

/// Looks up checkpoint tensors by their Hugging Face names and checks shapes.
private struct WeightReader {
    let source: String
    let lookup: (String) throws -> Tensor?

    func optional(_ name: String, _ shape: [Int]) throws -> Tensor? {
        guard let found = try lookup(name) ?? lookup("bert." + name) else { return nil }
        guard found.shape == shape else {
            throw ModelError.weightShape(path: source, name: name, expected: shape, actual: found.shape)
        }
        return found
    }

    func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
        guard let found = try optional(name, shape) else { throw ModelError.missingWeight(path: source, name: name) }
        return found
    }

    /// A layer norm's scale and shift: `.weight`/`.bias`, or the older `.gamma`/`.beta`.
    func layerNorm(_ prefix: String, _ width: Int) throws -> (gamma: Tensor, beta: Tensor) {
        if let gamma = try optional(prefix + ".weight", [width]) {
            return (gamma, try tensor(prefix + ".bias", [width]))
        }
        if let gamma = try optional(prefix + ".gamma", [width]) {
            return (gamma, try tensor(prefix + ".beta", [width]))
        }
        throw ModelError.missingWeight(path: source, name: prefix + ".weight")
    }
}
