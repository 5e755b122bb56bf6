import Foundation

/// The fields of a Hugging Face `config.json` that kmix's transformer needs, for every family it implements
/// (`ModelFamily`): BERT and RoBERTa name them as BERT does, GPT-2 its own way (`n_embd`, `n_head`, …).
public struct ModelConfiguration: Sendable, Equatable {
    /// `model_type`: `bert`, `roberta` or `gpt2`.
    public var modelType: String
    /// The architecture family `model_type` names.
    public var family: ModelFamily
    /// `architectures`, e.g. `["BertModel"]`; empty when absent.
    public var architectures: [String]
    /// Rows of the word-embedding table.
    public var vocabularySize: Int
    /// Width of every hidden state (d).
    public var hiddenSize: Int
    /// Number of transformer layers.
    public var layerCount: Int
    /// Attention heads per layer (H).
    public var headCount: Int
    /// Width of the feed-forward layer.
    public var intermediateSize: Int
    /// The longest input the model takes, in tokens: the position table's rows after `positionOffset`.
    public var maxPositions: Int
    /// Rows of the position-embedding table (`max_position_embeddings`, `n_positions`).
    public var positionTableRows: Int
    /// The position id of a sequence's first token: 0, or RoBERTa's `pad_token_id + 1`.
    public var positionOffset: Int
    /// Rows of the token-type table (2 for sentence pairs; 1 for RoBERTa; 1 for GPT-2, which has no table).
    public var typeVocabularySize: Int
    /// Epsilon of every layer norm.
    public var layerNormEpsilon: Float
    /// The feed-forward activation (`hidden_act`, `activation_function`).
    public var activation: HiddenActivation
    /// Dropout on hidden states during training (`hidden_dropout_prob`, `resid_pdrop`).
    public var hiddenDropout: Float
    /// Dropout on attention probabilities during training (`attention_probs_dropout_prob`, `attn_pdrop`).
    public var attentionDropout: Float
    /// Class names by index (`id2label`), empty when absent.
    public var labels: [Int: String]
    /// `_name_or_path`: what transformers loaded the checkpoint from when it saved it (a hub id or a local path;
    /// possibly the model it was fine-tuned from), nil when absent.
    public var nameOrPath: String?
    /// The tokens that end a generated text (GPT-2's `eos_token_id`, one id or a list); empty for encoders.
    public var endOfTextIDs: [Int] = []
    /// The token a generation without a prompt starts from (GPT-2's `bos_token_id`); nil for encoders.
    public var beginningOfTextID: Int?

    /// Width of one attention head (dh = d / H).
    public var headSize: Int { hiddenSize / headCount }

    /// Reads and validates `config.json` at `url`.
    public static func load(from url: URL) throws -> ModelConfiguration {
        let path = url.path
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw ModelError.missingFile(folder: url.deletingLastPathComponent().path, file: url.lastPathComponent)
        }
        guard !isFolder.boolValue else {
            throw ModelError.invalidConfiguration(path: path, reason: "it is a folder, not a file")
        }
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw ModelError.invalidConfiguration(path: path, reason: FileErrorReason.of(error))
        }
        let root: JSONNode
        do { root = try JSONNode(parsing: data) } catch {
            throw ModelError.invalidConfiguration(path: path, reason: "it is not valid JSON (\(error.location))")
        }
        guard case .object = root.value else {
            throw ModelError.invalidConfiguration(path: path, reason: "its top level is not a JSON object")
        }
        do { return try ModelConfiguration(json: try root.object(), path: path) } catch let error as JSONReadError {
            throw ModelError.invalidConfiguration(path: path, reason: error.description)
        }
    }

    /// Builds a configuration from a parsed `config.json` object, reading the fields of the family its
    /// `model_type` names.
    init(json: JSONObject, path: String) throws {
        let fields = ModelConfigurationFields(json: json, path: path)
        modelType = try fields.string("model_type")
        guard let family = ModelFamily(rawValue: modelType) else {
            throw ModelError.unsupportedArchitecture(path: path, modelType: modelType)
        }
        self.family = family
        architectures = (try? json.optional("architectures")?.array().map { try $0.string() }) ?? []
        labels = try fields.labels()
        nameOrPath = json["_name_or_path"]?.value.stringValue
        vocabularySize = try fields.positiveInt("vocab_size")
        switch family {
        case .bert, .roberta:
            hiddenSize = try fields.positiveInt("hidden_size")
            layerCount = try fields.positiveInt("num_hidden_layers")
            headCount = try fields.positiveInt("num_attention_heads")
            intermediateSize = try fields.positiveInt("intermediate_size")
            positionTableRows = try fields.positiveInt("max_position_embeddings")
            typeVocabularySize = try fields.positiveInt("type_vocab_size", default: family == .bert ? 2 : 1)
            layerNormEpsilon = try fields.positiveFloat("layer_norm_eps", default: family == .bert ? 1e-12 : 1e-5)
            hiddenDropout = try fields.probability("hidden_dropout_prob", default: 0.1)
            attentionDropout = try fields.probability("attention_probs_dropout_prob", default: 0.1)
            activation = try fields.activation("hidden_act", default: "gelu")
            positionOffset = family == .roberta ? try fields.count("pad_token_id", default: 1) + 1 : 0
            let positions = try fields.string("position_embedding_type", default: "absolute")
            guard positions == "absolute" else {
                throw ModelError.invalidConfigurationField(
                    path: path, field: "position_embedding_type",
                    reason: "'\(positions)' is not supported; kmix implements 'absolute'")
            }
        case .gpt2:
            hiddenSize = try fields.positiveInt("n_embd")
            layerCount = try fields.positiveInt("n_layer")
            headCount = try fields.positiveInt("n_head")
            intermediateSize = try fields.optionalPositiveInt("n_inner") ?? 4 * hiddenSize
            positionTableRows = try fields.positiveInt("n_positions")
            typeVocabularySize = 1
            layerNormEpsilon = try fields.positiveFloat("layer_norm_epsilon", default: 1e-5)
            hiddenDropout = try fields.probability("resid_pdrop", default: 0.1)
            attentionDropout = try fields.probability("attn_pdrop", default: 0.1)
            activation = try fields.activation("activation_function", default: "gelu_new")
            positionOffset = 0
            try fields.refuse("scale_attn_by_inverse_layer_idx", ifTrue: "kmix scales attention by 1/√dh only")
            try fields.refuse("add_cross_attention", ifTrue: "kmix implements GPT-2 without cross-attention")
            try fields.refuse("scale_attn_weights", ifFalse: "kmix scales attention by 1/√dh")
            endOfTextIDs = try fields.tokenIDs("eos_token_id")
            beginningOfTextID = try fields.tokenIDs("bos_token_id").first
        }
        maxPositions = positionTableRows - positionOffset
        guard maxPositions >= 1 else {
            throw ModelError.invalidConfigurationField(
                path: path, field: "max_position_embeddings",
                reason: "\(positionTableRows) rows leave no position after the first \(positionOffset)")
        }
        guard hiddenSize % headCount == 0 else {
            let (width, heads) = family == .gpt2 ? ("n_embd", "n_head") : ("hidden_size", "num_attention_heads")
            throw ModelError.invalidConfigurationField(
                path: path, field: heads, reason: "\(width) \(hiddenSize) is not a multiple of \(headCount) heads")
        }
    }
}
