/// Why a generation cannot run; each `description` is one sentence naming the setting or the prompt.
public enum GenerationError: Error, Equatable, CustomStringConvertible {
    /// The model encodes texts rather than predicting the next token.
    case notADecoder(model: String, family: ModelFamily)
    /// A setting is outside the values it can take.
    case invalidSetting(name: String, value: String, requirement: String)
    /// Prompt `index` has no tokens.
    case emptyPrompt(index: Int)
    /// Prompt `index` holds a token id the model has no embedding for.
    case tokenOutsideVocabulary(index: Int, token: Int32, vocabularySize: Int)
    /// Prompt `index` and the tokens to generate after it do not fit the model's positions.
    case beyondPositions(index: Int, promptTokens: Int, maxNewTokens: Int, positions: Int)

    /// The same error with its prompt index moved by `first` (for a batch that starts at prompt `first` of a longer input).
    public func offset(by first: Int) -> GenerationError {
        switch self {
        case .notADecoder, .invalidSetting: return self
        case let .emptyPrompt(index): return .emptyPrompt(index: index + first)
        case let .tokenOutsideVocabulary(index, token, size):
            return .tokenOutsideVocabulary(index: index + first, token: token, vocabularySize: size)
        case let .beyondPositions(index, tokens, maxNew, positions):
            return .beyondPositions(index: index + first, promptTokens: tokens, maxNewTokens: maxNew, positions: positions)
        }
    }

    public var description: String {
        switch self {
        case let .notADecoder(model, family):
            return "\(model) is a \(family.displayName) model, which encodes texts; generation needs a decoder "
                + "(\(ModelFamily.allCases.filter(\.isDecoder).map(\.displayName).joined(separator: ", ")))"
        case let .invalidSetting(name, value, requirement):
            return "\(name) \(value) is not usable: it \(requirement)"
        case let .emptyPrompt(index):
            return "prompt \(index) has no tokens, and the model has no beginning-of-text token to start from"
        case let .tokenOutsideVocabulary(index, token, vocabularySize):
            return "prompt \(index) holds the token id \(token), outside the model's \(vocabularySize) tokens"
        case let .beyondPositions(index, promptTokens, maxNewTokens, positions):
            if promptTokens >= positions {
                return "prompt \(index) has \(promptTokens) tokens; the model takes at most \(positions) positions, "
                    + "prompt and generated tokens together"
            }
            return "prompt \(index) has \(promptTokens) tokens, and \(maxNewTokens) new tokens after it would reach "
                + "position \(promptTokens + maxNewTokens), beyond the model's \(positions); generate at most "
                + "\(positions - promptTokens) tokens for it or shorten it"
        }
    }
}
