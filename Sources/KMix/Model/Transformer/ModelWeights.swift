/// The frozen weights of a transformer (any `ModelFamily`), laid out for the forward pass.
///
/// Linear weights use Hugging Face's `out x in` layout (GPT-2's Conv1D weights are transposed into it). The query, key and
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
        /// Layer norm after attention (post-norm), or before it (GPT-2's `ln_1`).
        public var attentionNormGamma: Tensor
        public var attentionNormBeta: Tensor
        /// Feed-forward expansion, `ff x d`, and its bias.
        public var intermediateWeight: Tensor
        public var intermediateBias: Tensor
        /// Feed-forward contraction, `d x ff`, and its bias.
        public var outputWeight: Tensor
        public var outputBias: Tensor
        /// Layer norm after the feed-forward block (post-norm), or before it (GPT-2's `ln_2`).
        public var outputNormGamma: Tensor
        public var outputNormBeta: Tensor
    }

    /// Word and position embedding tables (`rows x d`).
    public var wordEmbeddings: Tensor
    public var positionEmbeddings: Tensor
    /// The token-type table (`types x d`); nil for GPT-2, which has none.
    public var tokenTypeEmbeddings: Tensor?
    /// Layer norm over the summed embeddings (BERT, RoBERTa); nil for GPT-2.
    public var embeddingNorm: NormWeights?
    /// The layer norm after the last layer (GPT-2's `ln_f`); nil for post-norm encoders.
    public var finalNorm: NormWeights?
    /// The transformer layers, bottom first.
    public var layers: [Layer]
    /// The pooler (`tanh(W h_CLS + b)`), when the checkpoint has one: BERT's `pooler.dense`; for RoBERTa the
    /// sequence classifier's `classifier.dense` when present, else `pooler.dense`.
    public var poolerWeight: Tensor?
    public var poolerBias: Tensor?

    /// Gathers the weights of `configuration`'s family in Hugging Face's layout, with or without the model's
    /// prefix (`bert.`, `roberta.`, `transformer.`), checking every shape against `configuration`. GPT-2's
    /// Conv1D weights (stored input × output) are transposed to kmix's output × input.
    ///
    /// - Parameters:
    ///   - lookup: returns the tensor stored under a name, or nil when absent.
    ///   - source: the weights file's path, for error messages.
    public init(configuration c: ModelConfiguration, source: String,
                lookup: @escaping (String) throws -> Tensor?) throws {
        switch c.family {
        case .bert, .roberta: try self.init(encoder: c, reader: WeightReader(source: source, prefix: c.family.rawValue + ".", lookup: lookup))
        case .gpt2: try self.init(gpt2: c, reader: WeightReader(source: source, prefix: "transformer.", lookup: lookup))
        }
    }

    /// A model from its parts.
    init(wordEmbeddings: Tensor, positionEmbeddings: Tensor, tokenTypeEmbeddings: Tensor?, embeddingNorm: NormWeights?,
         finalNorm: NormWeights?, layers: [Layer], poolerWeight: Tensor?, poolerBias: Tensor?) {
        self.wordEmbeddings = wordEmbeddings
        self.positionEmbeddings = positionEmbeddings
        self.tokenTypeEmbeddings = tokenTypeEmbeddings
        self.embeddingNorm = embeddingNorm
        self.finalNorm = finalNorm
        self.layers = layers
        self.poolerWeight = poolerWeight
        self.poolerBias = poolerBias
    }

    /// BERT's and RoBERTa's names.
    private init(encoder c: ModelConfiguration, reader: WeightReader) throws {
        let d = c.hiddenSize
        let layers = try (0..<c.layerCount).map { index in
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
        var pooler = try reader.optionalPair("pooler.dense", [d, d], [d])
        if c.family == .roberta, let classifier = try reader.optionalPair("classifier.dense", [d, d], [d], prefixed: false) {
            pooler = classifier
        }
        self.init(wordEmbeddings: try reader.tensor("embeddings.word_embeddings.weight", [c.vocabularySize, d]),
                  positionEmbeddings: try reader.tensor("embeddings.position_embeddings.weight", [c.positionTableRows, d]),
                  tokenTypeEmbeddings: try reader.tensor("embeddings.token_type_embeddings.weight", [c.typeVocabularySize, d]),
                  embeddingNorm: try reader.layerNorm("embeddings.LayerNorm", d), finalNorm: nil, layers: layers,
                  poolerWeight: pooler?.weight, poolerBias: pooler?.bias)
    }

    /// GPT-2's names (`h.N.attn.c_attn`, …); Conv1D weights are transposed.
    private init(gpt2 c: ModelConfiguration, reader: WeightReader) throws {
        let d = c.hiddenSize, ff = c.intermediateSize
        let layers = try (0..<c.layerCount).map { index in
            let p = "h.\(index)."
            let first = try reader.layerNorm(p + "ln_1", d), second = try reader.layerNorm(p + "ln_2", d)
            return Layer(
                qkvWeight: try reader.tensor(p + "attn.c_attn.weight", [d, 3 * d]).transposed(),
                qkvBias: try reader.tensor(p + "attn.c_attn.bias", [3 * d]),
                attentionOutputWeight: try reader.tensor(p + "attn.c_proj.weight", [d, d]).transposed(),
                attentionOutputBias: try reader.tensor(p + "attn.c_proj.bias", [d]),
                attentionNormGamma: first.gamma, attentionNormBeta: first.beta,
                intermediateWeight: try reader.tensor(p + "mlp.c_fc.weight", [d, ff]).transposed(),
                intermediateBias: try reader.tensor(p + "mlp.c_fc.bias", [ff]),
                outputWeight: try reader.tensor(p + "mlp.c_proj.weight", [ff, d]).transposed(),
                outputBias: try reader.tensor(p + "mlp.c_proj.bias", [d]),
                outputNormGamma: second.gamma, outputNormBeta: second.beta)
        }
        self.init(wordEmbeddings: try reader.tensor("wte.weight", [c.vocabularySize, d]),
                  positionEmbeddings: try reader.tensor("wpe.weight", [c.positionTableRows, d]),
                  tokenTypeEmbeddings: nil, embeddingNorm: nil, finalNorm: try reader.layerNorm("ln_f", d),
                  layers: layers, poolerWeight: nil, poolerBias: nil)
    }

    /// Parameters of the encoder (embeddings, layers and pooler).
    public var parameterCount: Int {
        var total = wordEmbeddings.count + positionEmbeddings.count + (tokenTypeEmbeddings?.count ?? 0)
            + (embeddingNorm?.parameterCount ?? 0) + (finalNorm?.parameterCount ?? 0)
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

/// A layer norm's scale and shift.
public struct NormWeights: Sendable {
    public var gamma: Tensor
    public var beta: Tensor

    /// The scale and shift's values.
    var parameterCount: Int { gamma.count + beta.count }
}

/// Looks up checkpoint tensors by their Hugging Face names, with or without the model's prefix, and checks shapes.
private struct WeightReader {
    let source: String
    /// `bert.`, `roberta.` or `transformer.`: what a task model's checkpoint puts before the base model's names.
    let prefix: String
    let lookup: (String) throws -> Tensor?

    func optional(_ name: String, _ shape: [Int], prefixed: Bool = true) throws -> Tensor? {
        guard let found = try lookup(name) ?? (prefixed ? lookup(prefix + name) : nil) else { return nil }
        guard found.shape == shape else {
            throw ModelError.weightShape(path: source, name: name, expected: shape, actual: found.shape)
        }
        return found
    }

    func tensor(_ name: String, _ shape: [Int]) throws -> Tensor {
        guard let found = try optional(name, shape) else { throw ModelError.missingWeight(path: source, name: name) }
        return found
    }

    /// A dense layer's weight and bias, both present or both absent.
    func optionalPair(_ name: String, _ weightShape: [Int], _ biasShape: [Int],
                      prefixed: Bool = true) throws -> (weight: Tensor, bias: Tensor)? {
        let weight = try optional(name + ".weight", weightShape, prefixed: prefixed)
        let bias = try optional(name + ".bias", biasShape, prefixed: prefixed)
        if let weight, let bias { return (weight, bias) }
        if weight == nil, bias == nil { return nil }
        throw ModelError.missingWeight(path: source, name: name + (weight == nil ? ".weight" : ".bias"))
    }

    /// A layer norm's scale and shift: `.weight`/`.bias`, or the older `.gamma`/`.beta`.
    func layerNorm(_ prefix: String, _ width: Int) throws -> NormWeights {
        if let gamma = try optional(prefix + ".weight", [width]) {
            return NormWeights(gamma: gamma, beta: try tensor(prefix + ".bias", [width]))
        }
        if let gamma = try optional(prefix + ".gamma", [width]) {
            return NormWeights(gamma: gamma, beta: try tensor(prefix + ".beta", [width]))
        }
        throw ModelError.missingWeight(path: source, name: prefix + ".weight")
    }
}
