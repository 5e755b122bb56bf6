import Foundation

/// Everything a `Tokenizer` is built from, read from tokenizer.json, vocab.json with merges.txt, vocab.txt, or
/// given in code.
struct TokenizerConfiguration: Sendable {
    /// The model step and its options.
    enum Model: Sendable {
        /// BERT's WordPiece after `BertPreTokenizer`.
        case wordPiece(continuingSubwordPrefix: String, maxInputCharsPerWord: Int, unknownToken: String)
        /// GPT-2's byte-level BPE after the `ByteLevel` pre-tokenizer.
        case bytePairs(BytePairOptions)
    }

    /// How the special tokens are laid out around the sequences.
    enum PostProcessing: Sendable {
        /// BERT's `[CLS] A [SEP] (B [SEP])`, with the ids of the two tokens.
        case bert(classToken: String, separatorToken: String)
        /// An explicit template (from tokenizer.json, or RoBERTa's).
        case template(PostProcessor)
    }

    /// The file the configuration came from, for error messages.
    var source: String
    /// Model vocabulary entries in file order.
    var vocabulary: [(token: String, id: Int32)]
    /// Normalizers applied one after the other (none: the text is used as it is).
    var normalizers: [BertNormalizer]
    /// The model step.
    var model: Model
    /// Tokens matched in the text before the model runs.
    var addedTokens: [AddedToken] = []
    /// The special-token layout.
    var postProcessing: PostProcessing
    /// How ids are turned back into text.
    var decoder: TokenDecoder
    /// The truncation length tokenizer.json declares, if any.
    var maxLength: Int?
    /// The padding token; WordPiece tokenizers must have it in their vocabulary.
    var padToken: String?
    /// The token that begins a text when the post-processor adds none (GPT-2's `<|endoftext|>`); WordPiece
    /// tokenizers must have it in their vocabulary.
    var beginToken: String?
    /// The token that ends a text when the post-processor adds none; WordPiece tokenizers must have it.
    var endToken: String?

    /// The options of a byte-level BPE model.
    struct BytePairOptions: Sendable {
        /// The merges by rank, their tokens already looked up.
        var merges: [BytePairMerge]
        /// The token for bytes missing from the vocabulary, or nil to drop them.
        var unknownToken: String?
        /// Whether consecutive unknown bytes become one unknown token.
        var fuseUnknown = false
        /// Whether a space is put before a text that does not start with one.
        var addPrefixSpace = false
        /// Whether the text is split with GPT-2's pattern before the merges (else each text is one piece).
        var useRegex = true
    }

    /// A BERT tokenizer over `vocabulary` (id = position), its special tokens matched in the text like `tokenizers` does.
    static func bert(
        vocabulary: [String], source: String, lowercase: Bool, stripAccents: Bool?, handleChineseCharacters: Bool,
        cleanText: Bool, maxInputCharsPerWord: Int, unknownToken: String, classToken: String,
        separatorToken: String, padToken: String, maskToken: String?
    ) throws(TokenizerError) -> TokenizerConfiguration {
        guard !vocabulary.isEmpty else { throw .emptyVocabulary(file: source) }
        guard vocabulary.count <= Int(Int32.max) else {
            throw .invalidConfiguration(file: source, reason: "the vocabulary has more than \(Int32.max) tokens")
        }
        let normalizer = BertNormalizer(
            cleanText: cleanText, handleChineseCharacters: handleChineseCharacters,
            stripAccents: stripAccents ?? lowercase, lowercase: lowercase)
        var configuration = TokenizerConfiguration.wordPiece(
            source: source, vocabulary: vocabulary.enumerated().map { (token: $0.element, id: Int32($0.offset)) },
            normalizers: [normalizer])
        configuration.model = .wordPiece(
            continuingSubwordPrefix: "##", maxInputCharsPerWord: maxInputCharsPerWord, unknownToken: unknownToken)
        configuration.postProcessing = .bert(classToken: classToken, separatorToken: separatorToken)
        configuration.beginToken = classToken
        configuration.endToken = separatorToken
        configuration.padToken = padToken
        let specials = [unknownToken, separatorToken, padToken, classToken] + (maskToken.map { [$0] } ?? [])
        configuration.addSpecialTokens(specials)
        return configuration
    }

    /// A WordPiece configuration with BERT's defaults, to be adjusted by its reader.
    static func wordPiece(
        source: String, vocabulary: [(token: String, id: Int32)], normalizers: [BertNormalizer]
    ) -> TokenizerConfiguration {
        TokenizerConfiguration(
            source: source, vocabulary: vocabulary, normalizers: normalizers,
            model: .wordPiece(continuingSubwordPrefix: "##", maxInputCharsPerWord: 100, unknownToken: "[UNK]"),
            postProcessing: .bert(classToken: "[CLS]", separatorToken: "[SEP]"),
            decoder: .wordPiece(prefix: "##", cleanup: true),
            padToken: "[PAD]", beginToken: "[CLS]", endToken: "[SEP]")
    }

    /// Makes each of `tokens` that is in the vocabulary, and not yet an added token, a special added token
    /// matched in the raw text (first ones first, `lstrip` for the contents in `leftStripping`).
    mutating func addSpecialTokens(_ tokens: [String], leftStripping: Set<String> = []) {
        for token in tokens where !token.isEmpty {
            if addedTokens.contains(where: { $0.content.utf8.elementsEqual(token.utf8) }) { continue }
            if let id = id(of: token) {
                addedTokens.append(AddedToken(content: token, id: id, leftStrip: leftStripping.contains(token), special: true))
            }
        }
    }

    /// The id of `token`, compared byte for byte: an added token's first, else the model vocabulary's (the
    /// last entry when a token is listed twice, as a later line of vocab.txt replaces an earlier one).
    func id(of token: String) -> Int32? {
        if let added = addedTokens.first(where: { $0.content.utf8.elementsEqual(token.utf8) }) { return added.id }
        return vocabulary.last { $0.token.utf8.elementsEqual(token.utf8) }?.id
    }
}
