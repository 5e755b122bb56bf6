/// Why a tokenizer could not be loaded; `description` is one sentence naming the file and the cause.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The folder holds neither tokenizer.json nor vocab.txt.
    case missingTokenizerFiles(folder: String)
    /// A file exists but could not be read.
    case unreadableFile(file: String, reason: String)
    /// tokenizer.json (or tokenizer_config.json) is not valid JSON.
    case invalidJSON(file: String, reason: String)
    /// tokenizer.json has no `model.vocab` object, so it defines no vocabulary.
    case missingVocabulary(file: String)
    /// tokenizer.json uses a component this tokenizer does not implement, such as a BPE model.
    case unsupportedComponent(file: String, component: String, found: String, supported: [String])
    /// A field has the wrong type or an impossible value.
    case invalidConfiguration(file: String, reason: String)
    /// A special token that BERT needs is not in the vocabulary.
    case missingSpecialToken(file: String, token: String)
    /// The vocabulary has no tokens at all.
    case emptyVocabulary(file: String)

    /// One sentence naming the file and the cause.
    public var description: String {
        switch self {
        case .missingTokenizerFiles(let folder):
            "The folder \(folder) contains neither tokenizer.json nor vocab.txt, so no tokenizer can be loaded from it."
        case .unreadableFile(let file, let reason):
            "Could not read \(file): \(reason)."
        case .invalidJSON(let file, let reason):
            "\(file) is not valid JSON: \(reason)."
        case .missingVocabulary(let file):
            "\(file) has no model.vocab object, so it defines no vocabulary."
        case .unsupportedComponent(let file, let component, let found, let supported):
            "\(file) uses the \(component) \(found), which is not supported (supported: \(supported.joined(separator: ", ")))."
        case .invalidConfiguration(let file, let reason):
            "\(file) is not a usable tokenizer configuration: \(reason)."
        case .missingSpecialToken(let file, let token):
            "The vocabulary of \(file) lacks the special token \(token)."
        case .emptyVocabulary(let file):
            "\(file) holds no vocabulary tokens."
        }
    }
}
