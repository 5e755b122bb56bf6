import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Parity with Hugging Face `tokenizers` 0.23: fixtures made by scripts/make_tokenizer_fixture.py.
@Suite struct TokenizerParityTests {
    /// One encoding made by `tokenizers`.
    struct Case: Decodable {
        var name: String
        var text: String
        var pair: String?
        var maxLength: Int?
        var ids: [Int32]
        var typeIDs: [Int32]
        var tokens: [String]
        var pieces: [String]
        var variant: String?

        enum CodingKeys: String, CodingKey {
            case name, text, pair, ids, tokens, pieces, variant
            case maxLength = "max_length"
            case typeIDs = "type_ids"
        }
    }

    /// tokenizer-parity.json.
    struct Parity: Decodable {
        var devTexts: [String]
        var devIDs: [[Int32]]
        var cases: [Case]
        var variantCases: [Case]

        enum CodingKeys: String, CodingKey {
            case cases
            case devTexts = "dev_texts"
            case devIDs = "dev_ids"
            case variantCases = "variant_cases"
        }
    }

    static func parity() throws -> Parity {
        try JSONDecoder().decode(Parity.self, from: Data(contentsOf: ProjectFiles.fixture("tokenizer-parity.json")))
    }

    static let modelFolder = TestModel.folder()
    static let hasModel = TestModel.isAvailable

    static func modelTokenizer() throws -> Tokenizer {
        try Tokenizer.load(folder: #require(modelFolder))
    }

    /// A folder holding only the model's vocab.txt and tokenizer_config.json.
    static func vocabularyTextTokenizer() throws -> Tokenizer {
        let model = try #require(modelFolder)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-vocab-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["vocab.txt", "tokenizer_config.json"] {
            try FileManager.default.copyItem(at: model.appendingPathComponent(name), to: folder.appendingPathComponent(name))
        }
        return try Tokenizer.load(folder: folder)
    }

    static func check(_ tokenizer: Tokenizer, _ expected: Case, comparePieces: Bool = true) {
        let encoding = tokenizer.encode(expected.text, pair: expected.pair, maxLength: expected.maxLength)
        #expect(encoding.ids == expected.ids, "\(expected.name): ids")
        #expect(encoding.typeIDs == expected.typeIDs, "\(expected.name): type ids")
        #expect(encoding.tokens == expected.tokens, "\(expected.name): tokens")
        if comparePieces {
            let pieces = tokenizer.tokenize(expected.text) + (expected.pair.map(tokenizer.tokenize) ?? [])
            #expect(pieces == expected.pieces, "\(expected.name): pieces")
        }
    }

    @Test(.enabled(if: hasModel, "needs the all-MiniLM-L6-v2 folder (see TestModel)"))
    func allDevSentencesMatchTokenizers() throws {
        let parity = try Self.parity()
        let tokenizer = try Self.modelTokenizer()
        #expect(parity.devTexts.count == 872)
        #expect(tokenizer.maxLength == 128)
        var mismatches: [Int] = []
        for (index, text) in parity.devTexts.enumerated() where tokenizer.encode(text).ids != parity.devIDs[index] {
            mismatches.append(index)
        }
        #expect(mismatches.isEmpty, "dev rows that differ: \(mismatches.prefix(20))")
        #expect(parity.devIDs.allSatisfy { $0.count <= 128 })
    }

    @Test(.enabled(if: hasModel, "needs the all-MiniLM-L6-v2 folder (see TestModel)"))
    func hardCasesPairsAndTruncationMatchTokenizers() throws {
        let parity = try Self.parity()
        let tokenizer = try Self.modelTokenizer()
        #expect(parity.cases.count == 80)
        for expected in parity.cases {
            Self.check(tokenizer, expected)
        }
    }

    @Test(.enabled(if: hasModel, "needs the all-MiniLM-L6-v2 folder (see TestModel)"))
    func vocabularyTextMatchesTokenizerJSON() throws {
        let parity = try Self.parity()
        let tokenizer = try Self.vocabularyTextTokenizer()
        let reference = try Self.modelTokenizer()
        #expect(tokenizer.vocabularySize == reference.vocabularySize)
        #expect([tokenizer.padID, tokenizer.unknownID, tokenizer.beginID, tokenizer.endOfTextID] == [0, 100, 101, 102])
        #expect(tokenizer.maxLength == nil)
        var mismatches: [Int] = []
        for (index, text) in parity.devTexts.enumerated() where tokenizer.encode(text).ids != parity.devIDs[index] {
            mismatches.append(index)
        }
        #expect(mismatches.isEmpty, "dev rows that differ: \(mismatches.prefix(20))")
        for expected in parity.cases {
            Self.check(tokenizer, expected)
        }
    }

    /// The model's tokenizer.json with the top-level members of each variant replaced.
    @Test(.enabled(if: hasModel, "needs the all-MiniLM-L6-v2 folder (see TestModel)"))
    func tokenizerJSONVariantsMatchTokenizers() throws {
        let parity = try Self.parity()
        let fixture = try JSONValue.parse(Data(contentsOf: ProjectFiles.fixture("tokenizer-parity.json")))
        let modelFile = try #require(Self.modelFolder).appendingPathComponent("tokenizer.json")
        guard case .object(let modelMembers) = try JSONValue.parse(Data(contentsOf: modelFile)) else {
            Issue.record("tokenizer.json is not an object")
            return
        }
        let variants = try #require(fixture["variants"]?.arrayValue)
        #expect(variants.count == 9)
        for variant in variants {
            let name = try #require(variant["name"]?.stringValue)
            let overrides = try #require(variant["overrides"]?.objectMembers)
            var members = modelMembers.filter { member in !overrides.contains { $0.key == member.key } }
            members += overrides
            let tokenizer = try Tokenizer(
                configuration: TokenizerJSONReader.read(root: .object(members), source: "\(name) variant"))
            let cases = parity.variantCases.filter { $0.variant == name }
            #expect(!cases.isEmpty, "\(name) has cases")
            for expected in cases {
                Self.check(tokenizer, expected)
            }
            if name == "added-tokens" {
                #expect(tokenizer.vocabularySize == 30_528)
                #expect(tokenizer.token(for: 30_522) == "<kmix>")
            }
        }
    }

    @Test(.enabled(if: hasModel, "needs the all-MiniLM-L6-v2 folder (see TestModel)"))
    func forwardFixtureIDsMatch() throws {
        let reference = try SafeTensorsFile(url: ProjectFiles.fixture("minilm-forward.safetensors"))
        let tokenizer = try Self.modelTokenizer()
        let parity = try Self.parity()

        let devIDs = try reference.int64s("dev.input_ids")
        let devLengths = try reference.int64s("dev.lengths")
        #expect(reference.info("dev.input_ids")?.shape == [872, 64])
        let width = 64
        for (row, text) in parity.devTexts.enumerated() {
            let length = Int(devLengths[row])
            let expected = devIDs[(row * width)..<(row * width + length)].map { Int32($0) }
            #expect(tokenizer.encode(text).ids == expected, "dev row \(row)")
        }

        let sentences = [
            "a gorgeous , witty , seductive movie .",
            "the plot is nothing but boilerplate clichés from start to finish .",
            "Hello, World! Tokenizers split punctuation & lower-case UPPER words.",
            "unflinchingly bleak and desperate",
            "",
            "Ça me plaît: naïve, déjà vu, Œuvre",
            "北京 is a city; 東京 too.",
            "it 's a charming and often affecting journey .",
        ]
        let batch = TokenBatch(sentences.map { tokenizer.encode($0, maxLength: 128) }, padID: try #require(tokenizer.padID))
        #expect(reference.info("batch.input_ids")?.shape == [batch.batchSize, batch.sequenceLength])
        #expect(batch.ids.map(Int64.init) == (try reference.int64s("batch.input_ids")))
        #expect(batch.attentionMask.map(Int64.init) == (try reference.int64s("batch.attention_mask")))
        #expect(batch.typeIDs.map(Int64.init) == (try reference.int64s("batch.token_type_ids")))
    }
}
