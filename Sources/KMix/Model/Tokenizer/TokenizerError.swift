/// Why a tokenizer could not be loaded; `description` is one sentence naming the file and the cause.
public enum TokenizerError: Error, Equatable, CustomStringConvertible {
    /// The folder holds none of tokenizer.json, vocab.json with merges.txt, or vocab.txt.
    case missingTokenizerFiles(folder: String)
    /// The folder holds one file of a byte-pair tokenizer (`found`, such as vocab.json) but not the other (`missing`).
    case missingTokenizerFile(folder: String, found: String, missing: String)
    /// A file exists but could not be read.
    case unreadableFile(file: String, reason: String)
    /// tokenizer.json (or tokenizer_config.json, or vocab.json) is not valid JSON.
    case invalidJSON(file: String, reason: String)
    /// tokenizer.json has no `model.vocab` object, so it defines no vocabulary.
    case missingVocabulary(file: String)
    /// vocab.json is not a JSON object mapping each token to its id.
    case notAVocabulary(file: String, reason: String)
    /// A merge (line `location` of merges.txt, or element of tokenizer.json's `model.merges`) is not two tokens.
    case malformedMerge(file: String, location: String)
    /// A merge names, or merges into, `token`, which the vocabulary (`vocabulary`, such as vocab.json) lacks.
    case unknownMergeToken(file: String, location: String, token: String, vocabulary: String)
    /// tokenizer.json uses a component this tokenizer does not implement, such as a Unigram model.
    case unsupportedComponent(file: String, component: String, found: String, supported: [String])
    /// A field has the wrong type or an impossible value.
    case invalidConfiguration(file: String, reason: String)
    /// A special token that the tokenizer needs is not in the vocabulary.
    case missingSpecialToken(file: String, token: String)
    /// The vocabulary has no tokens at all.
    case emptyVocabulary(file: String)

    /// One sentence naming the file and the cause.
    public var description: String {
        switch self {
        case .missingTokenizerFiles(let folder):
            "The folder \(folder) contains none of tokenizer.json, vocab.json with merges.txt, or vocab.txt, "
                + "so no tokenizer can be loaded from it."
        case .missingTokenizerFile(let folder, let found, let missing):
            "The folder \(folder) has \(found) but no \(missing), so its byte-pair tokenizer cannot be loaded."
        case .unreadableFile(let file, let reason):
            "Could not read \(file): \(reason)."
        case .invalidJSON(let file, let reason):
            "\(file) is not valid JSON: \(reason)."
        case .missingVocabulary(let file):
            "\(file) has no model.vocab object, so it defines no vocabulary."
        case .notAVocabulary(let file, let reason):
            "\(file) is not a vocabulary of token ids: \(reason)."
        case .malformedMerge(let file, let location):
            "\(file) \(location) is not a merge: a merge is exactly two tokens."
        case .unknownMergeToken(let file, let location, let token, let vocabulary):
            "\(file) \(location) needs the token \(Self.quoted(token)), which \(vocabulary) does not contain."
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

    /// `token` in double quotes, with control characters and quotes escaped so the sentence stays on one line.
    static func quoted(_ token: String) -> String {
        var result = "\""
        for scalar in token.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case _ where scalar.value < 0x20 || (0x7F..<0xA0).contains(scalar.value) || (0x2028...0x2029).contains(scalar.value):
                result += "\\u{\(String(scalar.value, radix: 16))}"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
