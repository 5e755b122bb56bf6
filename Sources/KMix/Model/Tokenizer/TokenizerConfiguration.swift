import Foundation

/// Everything a `Tokenizer` is built from, read from tokenizer.json, from vocab.txt, or given in code.
struct TokenizerConfiguration: Sendable {
    /// How the special tokens are laid out around the sequences.
    enum PostProcessing: Sendable {
        /// BERT's `[CLS] A [SEP] (B [SEP])`, with the ids of `classToken` and `separatorToken`.
        case bert
        /// An explicit template (from tokenizer.json).
        case template(PostProcessor)
    }

    /// The file the configuration came from, for error messages.
    var source: String
    /// Model vocabulary entries in file order.
    var vocabulary: [(token: String, id: Int32)]
    /// Normalizers applied one after the other (none: the text is used as it is).
    var normalizers: [BertNormalizer]
    /// The prefix of vocabulary entries that continue a word.
    var continuingSubwordPrefix = "##"
    /// Longer words (in Unicode scalars) become the unknown token.
    var maxInputCharsPerWord = 100
    /// The unknown token.
    var unknownToken = "[UNK]"
    /// The class token that starts an encoding.
    var classToken = "[CLS]"
    /// The separator token that ends each sequence.
    var separatorToken = "[SEP]"
    /// The padding token.
    var padToken = "[PAD]"
    /// Tokens matched in the text before WordPiece runs.
    var addedTokens: [AddedToken] = []
    /// The special-token layout.
    var postProcessing = PostProcessing.bert
    /// The truncation length tokenizer.json declares, if any.
    var maxLength: Int?

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
        var configuration = TokenizerConfiguration(
            source: source,
            vocabulary: vocabulary.enumerated().map { (token: $0.element, id: Int32($0.offset)) },
            normalizers: [normalizer])
        configuration.maxInputCharsPerWord = maxInputCharsPerWord
        configuration.unknownToken = unknownToken
        configuration.classToken = classToken
        configuration.separatorToken = separatorToken
        configuration.padToken = padToken
        let specials = [unknownToken, separatorToken, padToken, classToken] + (maskToken.map { [$0] } ?? [])
        for token in specials where !token.isEmpty {
            if configuration.addedTokens.contains(where: { $0.content.utf8.elementsEqual(token.utf8) }) { continue }
            if let id = configuration.id(of: token) {
                configuration.addedTokens.append(AddedToken(content: token, id: id))
            }
        }
        return configuration
    }

    /// The id of `token`, compared byte for byte: an added token's first, else the model vocabulary's (the
    /// last entry when a token is listed twice, as a later line of vocab.txt replaces an earlier one).
    func id(of token: String) -> Int32? {
        if let added = addedTokens.first(where: { $0.content.utf8.elementsEqual(token.utf8) }) { return added.id }
        return vocabulary.last { $0.token.utf8.elementsEqual(token.utf8) }?.id
    }

    /// Reads vocab.txt (one token per line, id = line number) and, when given, the BERT options of tokenizer_config.json.
    static func fromVocabularyText(
        _ data: Data, source: String, tokenizerConfig: Data?, tokenizerConfigSource: String
    ) throws(TokenizerError) -> TokenizerConfiguration {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        let vocabulary = lines.map { line in
            var scalars = String(decoding: line, as: UTF8.self).unicodeScalars
            while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
            return String(scalars)
        }
        var options = JSONValue.object([])
        if let tokenizerConfig {
            do {
                options = try JSONValue.parse(tokenizerConfig)
            } catch {
                throw .invalidJSON(file: tokenizerConfigSource, reason: error.description)
            }
        }
        func flag(_ key: String) throws(TokenizerError) -> Bool? {
            guard let value = options[key], !value.isNull else { return nil }
            guard let flag = value.boolValue else {
                throw .invalidConfiguration(file: tokenizerConfigSource, reason: "\(key) is not true or false")
            }
            return flag
        }
        func token(_ key: String, _ fallback: String) -> String {
            options[key]?.stringValue ?? options[key]?["content"]?.stringValue ?? fallback
        }
        let lowercase = try flag("do_lower_case") ?? true
        let stripAccents = try flag("strip_accents")
        let handleChineseCharacters = try flag("tokenize_chinese_chars") ?? true
        return try bert(
            vocabulary: vocabulary, source: source, lowercase: lowercase, stripAccents: stripAccents,
            handleChineseCharacters: handleChineseCharacters, cleanText: true,
            maxInputCharsPerWord: 100, unknownToken: token("unk_token", "[UNK]"), classToken: token("cls_token", "[CLS]"),
            separatorToken: token("sep_token", "[SEP]"), padToken: token("pad_token", "[PAD]"),
            maskToken: token("mask_token", "[MASK]"))
    }
}
