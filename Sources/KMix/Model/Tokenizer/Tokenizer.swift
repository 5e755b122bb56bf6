import Foundation

/// A BERT WordPiece tokenizer that gives the same ids as Hugging Face `tokenizers` with the same tokenizer.json.
///
/// Encoding runs the `tokenizers` pipeline: added tokens such as `[SEP]` or `[MASK]` are taken out of the raw
/// text, the rest is normalized (`BertNormalizer`), split into words (`BertPreTokenizer`) and into WordPiece
/// pieces, then truncated (`LongestFirst`) and wrapped in the special tokens of the post-processor.
public struct Tokenizer: Sendable {
    private let normalizers: [BertNormalizer]
    private let model: WordPiece
    private let rawAddedTokens: AddedTokenSplitter
    private let normalizedAddedTokens: AddedTokenSplitter
    private let postProcessor: PostProcessor
    private let tokensByID: [String?]

    /// One more than the largest token id (model vocabulary and added tokens): the rows an embedding table needs.
    public let vocabularySize: Int
    /// The id of the padding token.
    public let padID: Int32
    /// The id of the class token that starts every encoding.
    public let classID: Int32
    /// The id of the separator token that ends each sequence.
    public let separatorID: Int32
    /// The id of the unknown token.
    public let unknownID: Int32
    /// The truncation length tokenizer.json declares (128 for all-MiniLM-L6-v2), nil when it declares none or the
    /// tokenizer came from vocab.txt; `encode` truncates only to the `maxLength` it is given.
    public let maxLength: Int?

    /// Loads the tokenizer of a model folder: tokenizer.json when present, else vocab.txt with the BERT options
    /// of tokenizer_config.json (`do_lower_case` defaults to true).
    public static func load(folder: URL) throws(TokenizerError) -> Tokenizer {
        let fileManager = FileManager.default
        let tokenizerJSON = folder.appendingPathComponent("tokenizer.json")
        let vocabularyText = folder.appendingPathComponent("vocab.txt")
        if fileManager.fileExists(atPath: tokenizerJSON.path) {
            let data = try read(tokenizerJSON)
            return try Tokenizer(configuration: TokenizerJSONReader.read(data, source: tokenizerJSON.path))
        }
        guard fileManager.fileExists(atPath: vocabularyText.path) else {
            throw .missingTokenizerFiles(folder: folder.path)
        }
        let configFile = folder.appendingPathComponent("tokenizer_config.json")
        let config = fileManager.fileExists(atPath: configFile.path) ? try read(configFile) : nil
        return try Tokenizer(configuration: TokenizerConfiguration.fromVocabularyText(
            read(vocabularyText), source: vocabularyText.path, tokenizerConfig: config, tokenizerConfigSource: configFile.path))
    }

    private static func read(_ file: URL) throws(TokenizerError) -> Data {
        do {
            return try Data(contentsOf: file)
        } catch {
            throw .unreadableFile(file: file.path, reason: FileErrorReason.of(error))
        }
    }

    /// A BERT tokenizer over `vocabulary`, whose token ids are their positions.
    ///
    /// `stripAccents` nil follows `lowercase`. The unknown, class, separator and padding tokens must be in the
    /// vocabulary; they and `maskToken` (when in the vocabulary) are recognised in the text as single tokens.
    public init(
        vocabulary: [String], lowercase: Bool = true, stripAccents: Bool? = nil, handleChineseCharacters: Bool = true,
        cleanText: Bool = true, maxInputCharsPerWord: Int = 100, unknownToken: String = "[UNK]",
        classToken: String = "[CLS]", separatorToken: String = "[SEP]", padToken: String = "[PAD]",
        maskToken: String? = "[MASK]"
    ) throws(TokenizerError) {
        try self.init(configuration: TokenizerConfiguration.bert(
            vocabulary: vocabulary, source: "the vocabulary given to Tokenizer.init", lowercase: lowercase,
            stripAccents: stripAccents, handleChineseCharacters: handleChineseCharacters, cleanText: cleanText,
            maxInputCharsPerWord: maxInputCharsPerWord, unknownToken: unknownToken, classToken: classToken,
            separatorToken: separatorToken, padToken: padToken, maskToken: maskToken))
    }

    /// Builds the tokenizer a configuration describes.
    init(configuration: TokenizerConfiguration) throws(TokenizerError) {
        let source = configuration.source
        let largestID = max(configuration.vocabulary.map(\.id).max() ?? -1, configuration.addedTokens.map(\.id).max() ?? -1)
        guard largestID < 50_000_000 else {
            throw .invalidConfiguration(file: source, reason: "token id \(largestID) is implausibly large")
        }
        func id(of token: String) throws(TokenizerError) -> Int32 {
            guard let id = configuration.id(of: token) else { throw .missingSpecialToken(file: source, token: token) }
            return id
        }
        unknownID = try id(of: configuration.unknownToken)
        classID = try id(of: configuration.classToken)
        separatorID = try id(of: configuration.separatorToken)
        padID = try id(of: configuration.padToken)

        var tokensByID = [String?](repeating: nil, count: Int(largestID) + 1)
        for (token, id) in configuration.vocabulary { tokensByID[Int(id)] = token }
        for token in configuration.addedTokens { tokensByID[Int(token.id)] = token.content }
        self.tokensByID = tokensByID
        vocabularySize = tokensByID.count
        maxLength = configuration.maxLength
        normalizers = configuration.normalizers
        model = WordPiece(
            vocabulary: configuration.vocabulary, continuingSubwordPrefix: configuration.continuingSubwordPrefix,
            unknownID: unknownID, maxInputCharsPerWord: configuration.maxInputCharsPerWord)

        let raw = configuration.addedTokens.filter { !$0.normalized }
        rawAddedTokens = AddedTokenSplitter(tokens: raw, patterns: raw.map { Array($0.content.unicodeScalars) })
        let normalized = configuration.addedTokens.filter(\.normalized)
        let normalizers = configuration.normalizers
        normalizedAddedTokens = AddedTokenSplitter(tokens: normalized, patterns: normalized.map { token in
            Self.normalize(ArraySlice(token.content.unicodeScalars), with: normalizers)
        })

        switch configuration.postProcessing {
        case .bert:
            postProcessor = .bert(
                classID: classID, classToken: configuration.classToken,
                separatorID: separatorID, separatorToken: configuration.separatorToken)
        case .template(let template):
            postProcessor = template
        }
    }

    /// The token string of `id`, or nil when no token has that id.
    /// The largest token type id an encoding of one text, or of a pair (`pairs`), carries.
    public func largestTypeID(pairs: Bool) -> Int {
        Int(postProcessor.largestTypeID(isPair: pairs))
    }

    public func token(for id: Int32) -> String? {
        id >= 0 && Int(id) < tokensByID.count ? tokensByID[Int(id)] : nil
    }

    /// The pieces of `text` without special tokens, like `tokenizers`' `encode(text, add_special_tokens=False).tokens`
    /// (special tokens written in the text, such as "[MASK]", stay single tokens).
    public func tokenize(_ text: String) -> [String] {
        pieces(of: text).tokens
    }

    /// Encodes `text` (and `pair`) with the special tokens, like `tokenizers`' `encode(text, pair)`.
    ///
    /// With `maxLength`, the pieces are truncated `LongestFirst` so that the whole encoding, special tokens
    /// included, has at most `maxLength` tokens; as in `tokenizers`, a `maxLength` smaller than the special
    /// tokens alone truncates nothing.
    public func encode(_ text: String, pair: String? = nil, maxLength: Int? = nil) -> Encoding {
        var first = pieces(of: text)
        var second = pair.map(pieces(of:))
        if let maxLength {
            let added = postProcessor.addedTokenCount(isPair: second != nil)
            if added <= maxLength {
                let keep = Truncation.longestFirst(
                    firstCount: first.count, secondCount: second?.count, budget: maxLength - added)
                first.keepFirst(keep.first)
                if let count = keep.second { second?.keepFirst(count) }
            }
        }
        return postProcessor.apply(first: first, second: second)
    }

    /// The pieces of one text, all with type id 0.
    private func pieces(of text: String) -> Encoding {
        let scalars = Array(text.unicodeScalars)
        var ids: [Int32] = []
        var tokens: [String] = []
        ids.reserveCapacity(scalars.count / 3 + 4)
        tokens.reserveCapacity(scalars.count / 3 + 4)
        for segment in rawAddedTokens.split(scalars, range: 0..<scalars.count) {
            switch segment {
            case .token(let id, let range):
                ids.append(id)
                tokens.append(Self.string(scalars[range]))
            case .text(let range):
                let normalized = Self.normalize(scalars[range], with: normalizers)
                for part in normalizedAddedTokens.split(normalized, range: 0..<normalized.count) {
                    switch part {
                    case .token(let id, let range):
                        ids.append(id)
                        tokens.append(Self.string(normalized[range]))
                    case .text(let range):
                        BertPreTokenizer.forEachWord(in: normalized, range: range) { word in
                            let first = ids.count
                            model.tokenize(normalized, word: word, into: &ids)
                            for id in ids[first...] { tokens.append(tokensByID[Int(id)] ?? "") }
                        }
                    }
                }
            }
        }
        return Encoding(ids: ids, typeIDs: [Int32](repeating: 0, count: ids.count), tokens: tokens)
    }

    private static func normalize(_ scalars: ArraySlice<Unicode.Scalar>, with normalizers: [BertNormalizer]) -> [Unicode.Scalar] {
        guard let first = normalizers.first else { return Array(scalars) }
        return normalizers.dropFirst().reduce(first.normalize(scalars)) { text, normalizer in
            normalizer.normalize(text[...])
        }
    }

    private static func string(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars)
        return String(view)
    }
}
