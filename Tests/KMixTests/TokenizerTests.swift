import Foundation
import Testing
@testable import KMix

/// The tokenizer on a tiny hand-made vocabulary and its errors; no model needed (the JSON reader: `JSONReaderTests`).
@Suite struct TokenizerTests {
    static let vocabulary = [
        "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "hello", "world", "un", "##aff", "##able",
        "a", "b", "c", "d", "e", ",", "!", ".", "'", "naive",
        "cafe", "北", "京", "is", "city", "##s", "x", "##x", "ca", "##fe",
    ]

    static func tiny(
        lowercase: Bool = true, stripAccents: Bool? = nil, handleChineseCharacters: Bool = true,
        maxInputCharsPerWord: Int = 100
    ) throws -> Tokenizer {
        try Tokenizer(
            vocabulary: vocabulary, lowercase: lowercase, stripAccents: stripAccents,
            handleChineseCharacters: handleChineseCharacters, maxInputCharsPerWord: maxInputCharsPerWord)
    }

    /// A new empty folder under the temporary directory.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-tokenizer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A folder holding `files` (name -> contents).
    static func folder(with files: [String: String]) throws -> URL {
        let folder = try temporaryFolder()
        for (name, contents) in files {
            try Data(contents.utf8).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// A small BERT tokenizer.json; `replacing` swaps top-level members (raw JSON text) for error cases.
    static func tokenizerJSON(vocabulary: String? = nil, replacing overrides: [String: String] = [:]) -> String {
        var members: [String: String] = [
            "normalizer": #"{"type": "BertNormalizer", "clean_text": true, "handle_chinese_chars": true, "strip_accents": null, "lowercase": true}"#,
            "pre_tokenizer": #"{"type": "BertPreTokenizer"}"#,
            "post_processor": #"{"type": "BertProcessing", "sep": ["[SEP]", 3], "cls": ["[CLS]", 2]}"#,
            "added_tokens": #"[{"id": 3, "content": "[SEP]", "single_word": false, "lstrip": false, "rstrip": false, "normalized": false, "special": true}]"#,
            "model": """
                {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##", "max_input_chars_per_word": 100,
                 "vocab": \(vocabulary ?? #"{"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "hello": 4, "world": 5}"#)}
                """,
        ]
        for (key, value) in overrides { members[key] = value }
        return "{" + members.sorted { $0.key < $1.key }.map { "\"\($0.key)\": \($0.value)" }.joined(separator: ", ") + "}"
    }

    static func loadError(_ files: [String: String]) throws -> TokenizerError? {
        let folder = try folder(with: files)
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            _ = try Tokenizer.load(folder: folder)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Pipeline on a tiny vocabulary

    @Test func continuationPiecesAndLowercase() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.tokenize("UnAffable") == ["un", "##aff", "##able"])
        #expect(tokenizer.tokenize("hellox cities") == ["hello", "##x", "[UNK]"])
        #expect(tokenizer.tokenize("cafes") == ["cafe", "##s"])
    }

    @Test func accentsAreStrippedWhenLowercasing() throws {
        #expect(try Self.tiny().tokenize("Café NAÏVE nai\u{308}ve") == ["cafe", "naive", "naive"])
        #expect(try Self.tiny(stripAccents: false).tokenize("café naive") == ["[UNK]", "naive"])
        #expect(try Self.tiny(lowercase: false).tokenize("Cafe cafe café") == ["[UNK]", "cafe", "[UNK]"])
        #expect(try Self.tiny(lowercase: false, stripAccents: true).tokenize("café") == ["cafe"])
    }

    @Test func chineseCharactersBecomeWords() throws {
        #expect(try Self.tiny().tokenize("北京is a city.") == ["北", "京", "is", "a", "city", "."])
        #expect(try Self.tiny(handleChineseCharacters: false).tokenize("北京is a city.") == ["[UNK]", "a", "city", "."])
    }

    @Test func punctuationIsSplitOff() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.tokenize("hello,world!") == ["hello", ",", "world", "!"])
        #expect(tokenizer.tokenize("a.b'c") == ["a", ".", "b", "'", "c"])
        #expect(tokenizer.tokenize("hello—world") == ["hello", "[UNK]", "world"])
    }

    @Test func cleaningRemovesControlsAndSplitsOnAnyWhitespace() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.tokenize("hel\u{0}lo\tworld\u{7}\u{FFFD}\u{3000}a\u{200B}b") == ["hello", "world", "[UNK]"])
        #expect(tokenizer.tokenize("") == [])
        #expect(tokenizer.tokenize(" \n\t ") == [])
    }

    @Test func unknownWordsBecomeOneUnknownToken() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.tokenize("zebra hello") == ["[UNK]", "hello"])
        #expect(tokenizer.tokenize("helloq") == ["[UNK]"])
        #expect(tokenizer.tokenize("unaffablex") == ["un", "##aff", "##able", "##x"])
    }

    @Test func wordsLongerThanTheLimitAreUnknown() throws {
        let tokenizer = try Self.tiny(maxInputCharsPerWord: 5)
        #expect(tokenizer.tokenize("hello") == ["hello"])
        #expect(tokenizer.tokenize("hellox") == ["[UNK]"])
        #expect(try Self.tiny().tokenize(String(repeating: "x", count: 101)) == ["[UNK]"])
        #expect(try Self.tiny().tokenize(String(repeating: "x", count: 100)).count == 100)
    }

    @Test func specialTokensInTheTextStayWhole() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.tokenize("hello [MASK] world[SEP]") == ["hello", "[MASK]", "world", "[SEP]"])
        #expect(tokenizer.encode("[mask]").tokens == ["[CLS]", "[UNK]", "[UNK]", "[UNK]", "[SEP]"])
        let withoutMask = try Tokenizer(vocabulary: Self.vocabulary, maskToken: nil)
        #expect(withoutMask.tokenize("[MASK]") == ["[UNK]", "[UNK]", "[UNK]"])
    }

    @Test func encodeAddsSpecialTokens() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.encode("Hello world") == Encoding(ids: [2, 5, 6, 3], typeIDs: [0, 0, 0, 0], tokens: ["[CLS]", "hello", "world", "[SEP]"]))
        #expect(tokenizer.encode("").ids == [2, 3])
    }

    @Test func pairsGetTypeIDs() throws {
        let tokenizer = try Self.tiny()
        let encoding = tokenizer.encode("hello a", pair: "world")
        #expect(encoding.ids == [2, 5, 10, 3, 6, 3])
        #expect(encoding.typeIDs == [0, 0, 0, 0, 1, 1])
        #expect(encoding.tokens == ["[CLS]", "hello", "a", "[SEP]", "world", "[SEP]"])
        #expect(tokenizer.encode("", pair: "").typeIDs == [0, 0, 1])
    }

    @Test func truncationOfOneSequence() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.encode("a b c d e", maxLength: 4).tokens == ["[CLS]", "a", "b", "[SEP]"])
        #expect(tokenizer.encode("a b c d e", maxLength: 10).count == 7)
        #expect(tokenizer.encode("a b c d e", maxLength: 2).tokens == ["[CLS]", "[SEP]"])
        // tokenizers does not truncate when the special tokens alone exceed the limit.
        #expect(tokenizer.encode("a b c d e", maxLength: 1).count == 7)
    }

    @Test func truncationOfPairsIsLongestFirst() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.encode("a b c d e", pair: "a b", maxLength: 7).tokens
            == ["[CLS]", "a", "b", "[SEP]", "a", "b", "[SEP]"])
        #expect(tokenizer.encode("a b", pair: "a b c d e", maxLength: 8).tokens
            == ["[CLS]", "a", "b", "[SEP]", "a", "b", "c", "[SEP]"])
        #expect(tokenizer.encode("a b c", pair: "d e a", maxLength: 8).tokens
            == ["[CLS]", "a", "b", "[SEP]", "d", "e", "a", "[SEP]"])
        #expect(tokenizer.encode("a b c", pair: "d e a", maxLength: 2).count == 9)
    }

    @Test func longestFirstKeepCounts() {
        #expect(Truncation.longestFirst(firstCount: 10, secondCount: nil, budget: 4) == (4, nil))
        #expect(Truncation.longestFirst(firstCount: 3, secondCount: 20, budget: 10) == (3, 7))
        #expect(Truncation.longestFirst(firstCount: 20, secondCount: 3, budget: 10) == (7, 3))
        #expect(Truncation.longestFirst(firstCount: 10, secondCount: 10, budget: 13) == (6, 7))
        #expect(Truncation.longestFirst(firstCount: 11, secondCount: 10, budget: 13) == (7, 6))
        #expect(Truncation.longestFirst(firstCount: 2, secondCount: 3, budget: 10) == (2, 3))
        #expect(Truncation.longestFirst(firstCount: 6, secondCount: 4, budget: 1) == (1, 0))
    }

    @Test func vocabularyQueries() throws {
        let tokenizer = try Self.tiny()
        #expect(tokenizer.vocabularySize == Self.vocabulary.count)
        #expect([tokenizer.padID, tokenizer.unknownID, tokenizer.beginID, tokenizer.endOfTextID] == [0, 1, 2, 3])
        #expect(tokenizer.token(for: 5) == "hello")
        #expect(tokenizer.token(for: -1) == nil)
        #expect(tokenizer.token(for: Int32(Self.vocabulary.count)) == nil)
        #expect(tokenizer.maxLength == nil)
    }

    @Test func batchPadsOnTheRight() throws {
        let tokenizer = try Self.tiny()
        let batch = TokenBatch([tokenizer.encode("hello world"), tokenizer.encode("a", pair: "b")], padID: try #require(tokenizer.padID))
        #expect(batch.batchSize == 2)
        #expect(batch.sequenceLength == 5)
        #expect(batch.ids == [2, 5, 6, 3, 0, 2, 10, 3, 11, 3])
        #expect(batch.typeIDs == [0, 0, 0, 0, 0, 0, 0, 0, 1, 1])
        #expect(batch.attentionMask == [1, 1, 1, 1, 0, 1, 1, 1, 1, 1])
        #expect(batch.lengths == [4, 5])
        let empty = TokenBatch([], padID: 0)
        #expect(empty.batchSize == 0 && empty.sequenceLength == 0 && empty.ids.isEmpty && empty.lengths.isEmpty)
        let padded = TokenBatch([Encoding(ids: [7], typeIDs: [0], tokens: ["x"]), Encoding(ids: [], typeIDs: [], tokens: [])], padID: 9)
        #expect(padded.ids == [7, 9])
        #expect(padded.attentionMask == [1, 0])
    }

    // MARK: - Loading

    @Test func loadsTokenizerJSONWithByteExactVocabulary() throws {
        let json = Self.tokenizerJSON(
            vocabulary: #"{"[PAD]": 0, "[UNK]": 1, "[CLS]": 2, "[SEP]": 3, "\u00e9": 4, "e\u0301": 5, "x": 6}"#,
            replacing: ["normalizer": #"{"type": "BertNormalizer", "lowercase": false}"#])
        let folder = try Self.folder(with: ["tokenizer.json": json])
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokenizer = try Tokenizer.load(folder: folder)
        #expect(tokenizer.vocabularySize == 7)
        #expect(tokenizer.encode("\u{E9} e\u{301} x").ids == [2, 4, 5, 6, 3])
        #expect(tokenizer.token(for: 4) == "\u{E9}")
        #expect(tokenizer.token(for: 5)?.unicodeScalars.elementsEqual("e\u{301}".unicodeScalars) == true)
    }

    @Test func loadsVocabularyTextWithOptions() throws {
        let vocabulary = Self.vocabulary.joined(separator: "\r\n") + "\r\n"
        let folder = try Self.folder(with: ["vocab.txt": vocabulary, "tokenizer_config.json": #"{"do_lower_case": false}"#])
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokenizer = try Tokenizer.load(folder: folder)
        #expect(tokenizer.vocabularySize == Self.vocabulary.count)
        #expect(tokenizer.tokenize("Hello hello [MASK]") == ["[UNK]", "hello", "[MASK]"])

        let lowercasing = try Self.folder(with: ["vocab.txt": Self.vocabulary.joined(separator: "\n")])
        defer { try? FileManager.default.removeItem(at: lowercasing) }
        #expect(try Tokenizer.load(folder: lowercasing).tokenize("Hello Café") == ["hello", "cafe"])
    }

    @Test func tokenizerJSONIsPreferredOverVocabularyText() throws {
        let folder = try Self.folder(with: ["tokenizer.json": Self.tokenizerJSON(), "vocab.txt": "[UNK]\n"])
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(try Tokenizer.load(folder: folder).encode("hello world").ids == [2, 4, 5, 3])
    }

    // MARK: - Errors

    @Test func folderWithoutTokenizerFiles() throws {
        let folder = try Self.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: TokenizerError.missingTokenizerFiles(folder: folder.path)) {
            try Tokenizer.load(folder: folder)
        }
        #expect(TokenizerError.missingTokenizerFiles(folder: folder.path).description.contains(folder.path))
    }

    @Test func tokenizerJSONThatIsNotJSON() throws {
        let error = try #require(try Self.loadError(["tokenizer.json": "{\"model\": "]))
        guard case .invalidJSON(let file, _) = error else {
            Issue.record("got \(error)")
            return
        }
        #expect(file.hasSuffix("tokenizer.json"))
        #expect(error.description.contains("tokenizer.json is not valid JSON"))
    }

    @Test func tokenizerJSONWithoutVocabulary() throws {
        for json in ["{}", #"{"model": {"type": "WordPiece", "unk_token": "[UNK]"}}"#] {
            let error = try #require(try Self.loadError(["tokenizer.json": json]))
            guard case .missingVocabulary(let file) = error else {
                Issue.record("got \(error)")
                continue
            }
            #expect(error.description == "\(file) has no model.vocab object, so it defines no vocabulary.")
        }
        let empty = try #require(try Self.loadError(["tokenizer.json": Self.tokenizerJSON(vocabulary: "{}")]))
        guard case .emptyVocabulary = empty else {
            Issue.record("got \(empty)")
            return
        }
    }

    @Test func unsupportedComponentsAreNamed() throws {
        let cases: [(member: String, json: String, component: String, found: String)] = [
            ("model", #"{"type": "Unigram", "vocab": [["a", 0.0]]}"#, "model", "Unigram"),
            ("normalizer", #"{"type": "Lowercase"}"#, "normalizer", "Lowercase"),
            ("normalizer", #"{"type": "Sequence", "normalizers": [{"type": "NFD"}]}"#, "normalizer", "NFD"),
            ("pre_tokenizer", #"{"type": "Whitespace"}"#, "pre_tokenizer", "Whitespace"),
            ("pre_tokenizer", "null", "pre_tokenizer", "null (no pre-tokenizer)"),
            ("post_processor", #"{"type": "Sequence", "processors": []}"#, "post_processor", "Sequence"),
            ("decoder", #"{"type": "Metaspace"}"#, "decoder", "Metaspace"),
        ]
        for item in cases {
            let error = try #require(try Self.loadError(["tokenizer.json": Self.tokenizerJSON(replacing: [item.member: item.json])]))
            guard case .unsupportedComponent(let file, let component, let found, let supported) = error else {
                Issue.record("\(item.found): got \(error)")
                continue
            }
            #expect(component == item.component)
            #expect(found == item.found)
            #expect(!supported.isEmpty)
            #expect(error.description.contains(file) && error.description.contains(item.found))
        }
        let unigram = try #require(try Self.loadError(["tokenizer.json": Self.tokenizerJSON(replacing: ["model": cases[0].json])]))
        #expect(unigram.description.hasSuffix("uses the model Unigram, which is not supported (supported: WordPiece, BPE)."))
    }

    @Test func missingSpecialTokens() throws {
        for token in ["[UNK]", "[CLS]", "[SEP]", "[PAD]"] {
            let vocabulary = Self.vocabulary.filter { $0 != token }
            #expect(throws: TokenizerError.missingSpecialToken(file: "the vocabulary given to Tokenizer.init", token: token)) {
                try Tokenizer(vocabulary: vocabulary)
            }
            let error = try #require(try Self.loadError(["vocab.txt": vocabulary.joined(separator: "\n")]))
            guard case .missingSpecialToken(let file, let missing) = error else {
                Issue.record("got \(error)")
                continue
            }
            #expect(file.hasSuffix("vocab.txt") && missing == token)
            #expect(error.description == "The vocabulary of \(file) lacks the special token \(token).")
        }
        let json = Self.tokenizerJSON(vocabulary: #"{"[UNK]": 1, "[CLS]": 2, "[SEP]": 3}"#)
        let error = try #require(try Self.loadError(["tokenizer.json": json]))
        guard case .missingSpecialToken(let file, "[PAD]") = error else {
            Issue.record("got \(error)")
            return
        }
        #expect(file.hasSuffix("tokenizer.json"))
    }

    @Test func emptyVocabularies() throws {
        #expect(throws: TokenizerError.emptyVocabulary(file: "the vocabulary given to Tokenizer.init")) {
            try Tokenizer(vocabulary: [])
        }
        let error = try #require(try Self.loadError(["vocab.txt": ""]))
        guard case .emptyVocabulary(let file) = error else {
            Issue.record("got \(error)")
            return
        }
        #expect(file.hasSuffix("vocab.txt"))
        #expect(error.description == "\(file) holds no vocabulary tokens.")
    }
}
