/// Parameter counts of a BERT model, by component and by attention head.
public struct ModelSummary: Sendable, Equatable {
    /// Parameters of each attention head's share of a layer's Q, K, V and O projections.
    public struct HeadSlice: Sendable, Equatable {
        /// Rows of Wq read by the head, with their biases: dh·d + dh.
        public var query: Int
        /// Likewise for Wk.
        public var key: Int
        /// Likewise for Wv.
        public var value: Int
        /// Columns of Wo that read the head's output: d·dh (the bias is shared by all heads).
        public var output: Int
        /// The four together.
        public var total: Int { query + key + value + output }
    }

    /// The model's configuration.
    public let configuration: ModelConfiguration
    /// Embedding tables and their layer norm (for GPT-2: the tables and the final layer norm `ln_f`).
    public let embeddings: Int
    /// Attention of one layer: Q, K, V, O with biases, and its layer norm.
    public let attentionPerLayer: Int
    /// Feed-forward block of one layer, with its layer norm.
    public let feedForwardPerLayer: Int
    /// The pooler, 0 when the checkpoint has none.
    public let pooler: Int
    /// One head's slice, the same for every head of a BERT model.
    public let headSlice: HeadSlice
    /// Every parameter of the checkpoint's encoder.
    public let total: Int

    /// Counts `model`'s parameters.
    public init(_ model: PretrainedModel) {
        let c = model.configuration, w = model.encoder.weights
        let d = c.hiddenSize, dh = c.headSize, ff = c.intermediateSize
        configuration = c
        embeddings = w.wordEmbeddings.count + w.positionEmbeddings.count + (w.tokenTypeEmbeddings?.count ?? 0)
            + (w.embeddingNorm?.parameterCount ?? 0) + (w.finalNorm?.parameterCount ?? 0)
        attentionPerLayer = 4 * (d * d + d) + 2 * d
        feedForwardPerLayer = (ff * d + ff) + (d * ff + d) + 2 * d
        pooler = (w.poolerWeight?.count ?? 0) + (w.poolerBias?.count ?? 0)
        headSlice = HeadSlice(query: dh * d + dh, key: dh * d + dh, value: dh * d + dh, output: d * dh)
        total = w.parameterCount
    }

    /// All parameters of one layer.
    public var perLayer: Int { attentionPerLayer + feedForwardPerLayer }
}
