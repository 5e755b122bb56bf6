/// A Kernel-mix budget: for every layer and head, the ranks of the head's own
/// Q, V and O adapters, plus each layer's shared low-rank ranks, and how the
/// adapters and the task head are set up for training.
///
/// A rank of 0 leaves that kernel frozen (no parameters, bias included).
/// LoRA is the plan with only shared Q and V ranks: one engine, not two.
public struct AdapterPlan: Sendable, Equatable {
    /// The sizes of the model a plan is made for.
    public struct ModelShape: Sendable, Equatable {
        /// Transformer layers.
        public var layerCount: Int
        /// Attention heads per layer.
        public var headCount: Int
        /// Hidden width d.
        public var hiddenSize: Int
        /// Width of one head, dh = d / H.
        public var headSize: Int { hiddenSize / headCount }

        /// The shape of a model with this configuration.
        public init(layerCount: Int, headCount: Int, hiddenSize: Int) {
            self.layerCount = layerCount
            self.headCount = headCount
            self.hiddenSize = hiddenSize
        }

        /// The shape of `configuration`'s model.
        public init(_ configuration: ModelConfiguration) {
            self.init(layerCount: configuration.layerCount, headCount: configuration.headCount,
                      hiddenSize: configuration.hiddenSize)
        }
    }

    /// One layer's budget.
    public struct LayerBudget: Sendable, Equatable {
        /// Per-head ranks of the kernel-wise adapters, by projection, one per head.
        public var heads: PerProjection<[Int]>
        /// Ranks of the layer's shared (plain LoRA) updates, by projection.
        public var shared: PerProjection<Int>

        /// A layer of these per-head and shared ranks.
        public init(heads: PerProjection<[Int]>, shared: PerProjection<Int>) {
            self.heads = heads
            self.shared = shared
        }

        /// A layer where every head has `rank` on every projection and the shared ranks are `shared`.
        public init(headCount: Int, rank: (Projection) -> Int, shared: (Projection) -> Int) {
            self.init(heads: PerProjection { [Int](repeating: rank($0), count: headCount) }, shared: PerProjection(shared))
        }

        /// The per-head ranks of `projection`.
        public func ranks(_ projection: Projection) -> [Int] { heads[projection] }

        /// The shared rank of `projection`.
        public func sharedRank(_ projection: Projection) -> Int { shared[projection] }
    }

    /// How adapter tensors start.
    public enum Initialization: String, Sendable, CaseIterable {
        /// Every tensor, biases included, truncated normal (folded into (-2, 2)) × 0.01: the authors' choice.
        case houlsby
        /// A Kaiming-uniform, B and biases zero: the model starts exactly at the base model.
        case lora
    }

    /// What turns the encoder's output into class scores.
    public enum TaskHead: String, Sendable, CaseIterable {
        /// The checkpoint's pooler (`tanh(W h_CLS + b)`), dropout, linear: Hugging Face's `BertForSequenceClassification`.
        case pooler
        /// `[CLS]`'s hidden state, dropout, linear.
        case cls
        /// The mean over real tokens, dropout, linear.
        case mean
        /// The last real token's hidden state, dropout, linear: the one token a causal decoder (GPT-2) lets see the
        /// whole text, as transformers' `GPT2ForSequenceClassification` reads it.
        case last
    }

    /// The model this plan is for.
    public var shape: ModelShape
    /// One budget per layer, bottom first.
    public var layers: [LayerBudget]
    /// How adapters start.
    public var initialization: Initialization
    /// Dropout on each adapter's input during training.
    public var dropout: Float
    /// The task head.
    public var taskHead: TaskHead
    /// Whether the pooler trains too (only with the `pooler` head).
    public var trainPooler: Bool
    /// PEFT's `lora_alpha` for the shared (LoRA) terms: a shared term of rank s adds
    /// `(alpha / s) · X Aᵀ Bᵀ`. Nil scales every shared term by 1, as `kernel-mix.md` does (the same as
    /// alpha = s). Per-head terms are never scaled.
    public var loraAlpha: Float?
    /// Free text about the plan (the file's `description`).
    public var description: String?
    /// Where an allocated plan came from; nil for plans made by hand.
    public var provenance: Provenance?

    /// A plan of `layers` for a model of `shape`.
    public init(shape: ModelShape, layers: [LayerBudget], initialization: Initialization = .houlsby,
                dropout: Float = 0.1, taskHead: TaskHead = .pooler, trainPooler: Bool = false, loraAlpha: Float? = nil) {
        self.shape = shape
        self.layers = layers
        self.initialization = initialization
        self.dropout = dropout
        self.taskHead = taskHead
        self.trainPooler = trainPooler
        self.loraAlpha = loraAlpha
    }

    /// The factor on a shared term of rank `rank` (`loraAlpha / rank`, or 1).
    public func sharedScale(rank: Int) -> Float {
        loraAlpha.map { $0 / Float(rank) } ?? 1
    }
}

/// The three attention paths Kernel-mix adapts.
public enum Projection: String, Sendable, CaseIterable, Comparable {
    /// The query: adapter input X, output the head's query.
    case query = "q"
    /// The value: adapter input the head's frozen key.
    case value = "v"
    /// The output projection: adapter input the head's attention output.
    case output = "o"

    public static func < (a: Projection, b: Projection) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
