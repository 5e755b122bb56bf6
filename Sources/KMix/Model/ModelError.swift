/// Why a model folder could not be found or loaded.
///
/// Each `description` is one sentence that names the file and the cause.
public enum ModelError: Error, Equatable, CustomStringConvertible {
    /// `reference` is neither a folder nor a model id found in any cache.
    case modelNotFound(reference: String, searched: [String], hint: String)
    /// The folder lacks a file the model needs.
    case missingFile(folder: String, file: String)
    /// `config.json` is not a JSON object.
    case invalidConfiguration(path: String, reason: String)
    /// `config.json` lacks a field the architecture needs.
    case missingConfigurationField(path: String, field: String)
    /// A field of `config.json` has a value kmix cannot use.
    case invalidConfigurationField(path: String, field: String, reason: String)
    /// `model_type` names an architecture kmix does not implement.
    case unsupportedArchitecture(path: String, modelType: String)
    /// The weights file lacks a tensor the architecture needs.
    case missingWeight(path: String, name: String)
    /// A tensor's shape disagrees with `config.json`.
    case weightShape(path: String, name: String, expected: [Int], actual: [Int])
    /// The tokenizer gives ids or token types the model's tables do not have.
    case tokenizerExceedsModel(folder: String, what: String, tokenizer: Int, model: Int, field: String)

    public var description: String {
        switch self {
        case let .modelNotFound(reference, searched, hint):
            return "model '\(reference)' was not found (looked in \(searched.joined(separator: ", "))); \(hint)"
        case let .missingFile(folder, file):
            return "the model folder \(folder) has no \(file): is it a complete Hugging Face model folder?"
        case let .invalidConfiguration(path, reason):
            return "\(path) is not a valid model configuration: \(reason)"
        case let .missingConfigurationField(path, field):
            return "\(path) lacks the field '\(field)', which its model_type needs"
        case let .invalidConfigurationField(path, field, reason):
            return "\(path) has an unusable '\(field)': \(reason)"
        case let .unsupportedArchitecture(path, modelType):
            return "\(path) describes a '\(modelType)' model; kmix supports "
                + ModelFamily.allCases.map { "\($0.displayName) ('\($0.rawValue)')" }.joined(separator: ", ")
        case let .missingWeight(path, name):
            return "\(path) has no tensor '\(name)' (with or without its model's prefix): the weights do not belong to the "
                + "model config.json describes"
        case let .weightShape(path, name, expected, actual):
            return "\(path): tensor '\(name)' has shape \(actual) but config.json implies \(expected)"
        case let .tokenizerExceedsModel(folder, what, tokenizer, model, field):
            return "the tokenizer of \(folder) gives \(what) up to \(tokenizer), but its config.json's \(field) is \(model), "
                + "so the model has no row for them"
        }
    }
}
