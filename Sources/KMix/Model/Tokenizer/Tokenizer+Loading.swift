import Foundation

extension Tokenizer {
    /// Loads the tokenizer of a model folder: tokenizer.json when present; else vocab.json with merges.txt, a
    /// byte-level BPE in GPT-2's or RoBERTa's layout as tokenizer_config.json's `tokenizer_class` says (GPT-2's
    /// when it says nothing), with its `add_prefix_space` and special tokens; else vocab.txt with the BERT options
    /// of tokenizer_config.json (`do_lower_case` defaults to true).
    ///
    /// A byte-level BPE tokenizer.json takes the names of its padding, beginning and end tokens from
    /// tokenizer_config.json when the folder has one (`pad_token`, `bos_token`, `eos_token`).
    public static func load(folder: URL) throws(TokenizerError) -> Tokenizer {
        let fileManager = FileManager.default
        func file(_ name: String) -> URL? {
            let url = folder.appendingPathComponent(name)
            return fileManager.fileExists(atPath: url.path) ? url : nil
        }
        func config() throws(TokenizerError) -> TokenizerConfigFile {
            let url = folder.appendingPathComponent("tokenizer_config.json")
            guard fileManager.fileExists(atPath: url.path) else { return TokenizerConfigFile(source: url.path) }
            return try TokenizerConfigFile(data: read(url), source: url.path)
        }
        if let tokenizerJSON = file("tokenizer.json") {
            var configuration = try TokenizerJSONReader.read(read(tokenizerJSON), source: tokenizerJSON.path)
            if case .bytePairs = configuration.model { try configuration.takeSpecialNames(from: config()) }
            return try Tokenizer(configuration: configuration)
        }
        let vocabularyJSON = file("vocab.json"), merges = file("merges.txt")
        if vocabularyJSON != nil || merges != nil {
            guard let vocabularyJSON, let merges else {
                throw .missingTokenizerFile(
                    folder: folder.path, found: vocabularyJSON == nil ? "merges.txt" : "vocab.json",
                    missing: vocabularyJSON == nil ? "vocab.json" : "merges.txt")
            }
            return try Tokenizer(configuration: TokenizerConfiguration.fromBytePairFiles(
                vocabulary: read(vocabularyJSON), vocabularySource: vocabularyJSON.path,
                merges: read(merges), mergesSource: merges.path, tokenizerConfig: config()))
        }
        guard let vocabularyText = file("vocab.txt") else { throw .missingTokenizerFiles(folder: folder.path) }
        return try Tokenizer(configuration: TokenizerConfiguration.fromVocabularyText(
            read(vocabularyText), source: vocabularyText.path, tokenizerConfig: config()))
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
}
