import Foundation

/// The fields of a Hugging Face `config.json` that a BERT encoder needs.
public struct ModelConfiguration: Sendable, Equatable {
    /// `model_type`; always `bert` for a loaded configuration.
    public var modelType: String
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
    /// Rows of the position-embedding table: the longest input the model takes.
    public var maxPositions: Int
    /// Rows of the token-type table (2 for sentence pairs).
    public var typeVocabularySize: Int
    /// Epsilon of every layer norm.
    public var layerNormEpsilon: Float
    /// Dropout on hidden states during training (`hidden_dropout_prob`).
    public var hiddenDropout: Float
    /// Dropout on attention probabilities during training.
    public var attentionDropout: Float
    /// Class names by index (`id2label`), empty when absent.
    public var labels: [Int: String]
    /// `_name_or_path`: what transformers loaded the checkpoint from when it saved it (a hub id or a local path;
    /// possibly the model it was fine-tuned from), nil when absent.
    public var nameOrPath: String?

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

    /// Builds a configuration from a parsed `config.json` object.
    init(json: JSONObject, path: String) throws {
        let fields = ConfigurationFields(json: json, path: path)
        modelType = try fields.string("model_type")
        guard modelType == "bert" else {
            throw ModelError.unsupportedArchitecture(path: path, modelType: modelType)
        }
        architectures = (try? json.optional("architectures")?.array().map { try $0.string() }) ?? []
        vocabularySize = try fields.positiveInt("vocab_size")
        hiddenSize = try fields.positiveInt("hidden_size")
        layerCount = try fields.positiveInt("num_hidden_layers")
        headCount = try fields.positiveInt("num_attention_heads")
        intermediateSize = try fields.positiveInt("intermediate_size")
        maxPositions = try fields.positiveInt("max_position_embeddings")
        typeVocabularySize = try fields.positiveInt("type_vocab_size", default: 2)
        layerNormEpsilon = try fields.positiveFloat("layer_norm_eps", default: 1e-12)
        hiddenDropout = try fields.probability("hidden_dropout_prob", default: 0.1)
        attentionDropout = try fields.probability("attention_probs_dropout_prob", default: 0.1)
        labels = try fields.labels()
        nameOrPath = json["_name_or_path"]?.value.stringValue
        guard hiddenSize % headCount == 0 else {
            throw ModelError.invalidConfigurationField(
                path: path, field: "num_attention_heads",
                reason: "hidden_size \(hiddenSize) is not a multiple of \(headCount) heads")
        }
        let activation = try fields.string("hidden_act", default: "gelu")
        guard activation == "gelu" else {
            throw ModelError.invalidConfigurationField(
                path: path, field: "hidden_act", reason: "'\(activation)' is not supported; kmix implements 'gelu' (erf form)")
        }
        let positions = try fields.string("position_embedding_type", default: "absolute")
        guard positions == "absolute" else {
            throw ModelError.invalidConfigurationField(
                path: path, field: "position_embedding_type",
                reason: "'\(positions)' is not supported; kmix implements 'absolute'")
        }
    }
}

/// Typed reads of `config.json` fields that name the field in every error.
private struct ConfigurationFields {
    let json: JSONObject
    let path: String

    func string(_ field: String, default fallback: String? = nil) throws -> String {
        guard let value = json[field] else {
            if let fallback { return fallback }
            throw ModelError.missingConfigurationField(path: path, field: field)
        }
        guard let text = value.value.stringValue else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "it is not a string")
        }
        return text
    }

    func number(_ field: String, default fallback: Double? = nil) throws -> Double {
        guard let value = json[field] else {
            if let fallback { return fallback }
            throw ModelError.missingConfigurationField(path: path, field: field)
        }
        guard let number = value.value.numberValue?.double else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "it is not a number")
        }
        return number
    }

    /// A finite number greater than zero that stays greater than zero in Float (an epsilon).
    func positiveFloat(_ field: String, default fallback: Double) throws -> Float {
        let value = try number(field, default: fallback)
        guard value.isFinite, Float(value) > 0, Float(value).isFinite else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "\(value) is not a positive finite number")
        }
        return Float(value)
    }

    /// A dropout probability: at least 0 and below 1.
    func probability(_ field: String, default fallback: Double) throws -> Float {
        let value = try number(field, default: fallback)
        guard value >= 0, value < 1 else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "\(value) is not a probability in [0, 1)")
        }
        return Float(value)
    }

    func positiveInt(_ field: String, default fallback: Int? = nil) throws -> Int {
        let value = try number(field, default: fallback.map(Double.init))
        guard value == value.rounded(), value >= 1, value < 1e9 else {
            throw ModelError.invalidConfigurationField(path: path, field: field, reason: "\(value) is not a positive whole number")
        }
        return Int(value)
    }

    func labels() throws -> [Int: String] {
        guard let raw = json["id2label"] else { return [:] }
        guard let table = raw.value.objectMembers else {
            throw ModelError.invalidConfigurationField(path: path, field: "id2label", reason: "it is not an object")
        }
        var labels: [Int: String] = [:]
        for member in table {
            guard let index = Int(member.key), index >= 0, let name = member.value.stringValue else {
                throw ModelError.invalidConfigurationField(
                    path: path, field: "id2label", reason: "entry '\(member.key)' is not an index mapped to a name")
            }
            labels[index] = name
        }
        return labels
    }
}
