/// The architectures kmix implements: BERT and RoBERTa encoders and the GPT-2 decoder.
///
/// What differs between them stays behind this one seam: how `config.json` is read
/// (`ModelConfiguration`), the weights' names and layouts (`ModelWeights`), where the layer norms sit and
/// whether attention is causal (`LayerPass`), the tokenizer (`Tokenizer`) and the default task head. Plans,
/// adapters, the trainer, checkpoints and the TUI do not branch on the family.
public enum ModelFamily: String, Sendable, CaseIterable {
    /// BERT (`model_type` `bert`): post-norm encoder, WordPiece.
    case bert
    /// RoBERTa (`model_type` `roberta`): BERT's layers, positions counted from `padding_idx + 1`, one token
    /// type, byte-level BPE.
    case roberta
    /// GPT-2 (`model_type` `gpt2`): pre-norm causal decoder with Conv1D weights, a final layer norm and a tied
    /// language-model head, byte-level BPE.
    case gpt2

    /// The family's name as people write it.
    public var displayName: String {
        switch self {
        case .bert: return "BERT"
        case .roberta: return "RoBERTa"
        case .gpt2: return "GPT-2"
        }
    }

    /// The base model's class in transformers, for a `config.json` that names no architecture.
    public var baseArchitecture: String {
        switch self {
        case .bert: return "BertModel"
        case .roberta: return "RobertaModel"
        case .gpt2: return "GPT2Model"
        }
    }

    /// The tokenizer the family's checkpoints come with.
    public var tokenizerKind: String { self == .bert ? "WordPiece" : "byte-level BPE" }

    /// Whether each layer normalises its input before attention and before the feed-forward block (GPT-2),
    /// rather than normalising each residual sum (BERT, RoBERTa).
    public var normalizesFirst: Bool { self == .gpt2 }

    /// Whether each token attends only to itself and the tokens before it.
    public var isCausal: Bool { self == .gpt2 }

    /// Whether the model predicts the next token (a decoder) rather than encoding a whole text.
    public var isDecoder: Bool { self == .gpt2 }

    /// The `model_type` values kmix loads, for error messages.
    static let supportedModelTypes = allCases.map(\.rawValue)
}

/// The feed-forward block's activation.
public enum HiddenActivation: String, Sendable {
    /// Exact GELU, `x/2 (1 + erf(x/√2))` (`gelu`).
    case gelu
    /// GELU's tanh approximation (`gelu_new`, `gelu_pytorch_tanh`), GPT-2's.
    case geluTanh

    /// The activation a `config.json` value names, nil when kmix does not implement it.
    init?(configName: String) {
        switch configName {
        case "gelu": self = .gelu
        case "gelu_new", "gelu_pytorch_tanh", "gelu_fast": self = .geluTanh
        default: return nil
        }
    }
}
