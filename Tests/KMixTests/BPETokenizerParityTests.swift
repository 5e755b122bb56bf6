import Foundation
import Testing
@testable import KMix

/// Byte-level BPE (GPT-2's and RoBERTa's layouts) and `decode` against Hugging Face `tokenizers` 0.23: the fixture
/// bpe-tokenizer-parity.json is made by scripts/make_bpe_tokenizer_fixture.py from the committed tokenizers of
/// Fixtures/families/ (made by scripts/make_bpe_tokenizers.py).
@Suite struct BPETokenizerParityTests {
    /// One encoding made by `tokenizers`; long cases come without their tokens.
    struct Case: Decodable {
        var name: String
        var text: String
        var pair: String?
        var maxLength: Int?
        var ids: [Int32]
        var typeIDs: [Int32]
        var tokens: [String]?

        enum CodingKeys: String, CodingKey {
            case name, text, pair, ids, tokens
            case maxLength = "max_length"
            case typeIDs = "type_ids"
        }
    }

    /// `decode` of `ids`, keeping and skipping the special tokens.
    struct Decoding: Decodable {
        var ids: [Int32]
        var keep: String
        var skip: String
    }

    /// What the fixture holds for one of the two tokenizers.
    struct Section: Decodable {
        var folder: String
        var vocabularySize: Int
        var devIDs: [[Int32]]
        var e2eIDs: [[Int32]]
        var cases: [Case]
        var decodings: [Decoding]

        enum CodingKeys: String, CodingKey {
            case folder, cases, decodings
            case vocabularySize = "vocabulary_size"
            case devIDs = "dev_ids"
            case e2eIDs = "e2e_ids"
        }
    }

    /// A tokenizer.json with top-level members replaced (the overrides are read as JSON by `variantTokenizer`).
    struct Variant: Decodable {
        var tokenizer: String
        var name: String
        var cases: [Case]
        var decodings: [Decoding]
    }

    /// A hand-made tokenizer (read as JSON by `tinyTokenizer`) and its cases.
    struct Tiny: Decodable {
        var name: String
        var cases: [Case]
    }

    /// The WordPiece tokenizers with each decoder, and their decodings.
    struct WordPieceSection: Decodable {
        struct Kind: Decodable {
            var name: String
            var decodings: [Decoding]
        }
        var vocabulary: [String]
        var kinds: [Kind]
    }

    /// bpe-tokenizer-parity.json.
    struct Fixture: Decodable {
        var e2eTexts: [String]
        var tokenizers: [String: Section]
        var variants: [Variant]
        var tiny: [Tiny]
        var wordpiece: WordPieceSection

        enum CodingKeys: String, CodingKey {
            case tokenizers, variants, tiny, wordpiece
            case e2eTexts = "e2e_texts"
        }
    }

    static func fixtureData() throws -> Data {
        try Data(contentsOf: ProjectFiles.fixture("bpe-tokenizer-parity.json"))
    }

    static func fixture() throws -> Fixture {
        try JSONDecoder().decode(Fixture.self, from: fixtureData())
    }

    /// The committed tokenizer folder of a family ("gpt2" or "roberta").
    static func folder(_ family: String) throws -> URL {
        try ProjectFiles.fixture("families").appendingPathComponent("\(family)-tokenizer")
    }

    /// The `sentence` column of the shipped SST-2 dev sample, read as the script reads it.
    static func devTexts() throws -> [String] {
        let lines = try String(contentsOf: ProjectFiles.sst2("dev.tsv"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).dropFirst()
        return lines.filter { !$0.isEmpty }.map { line in
            String(line.split(separator: "\t", maxSplits: 1, omittingEmptySubsequences: false)[0])
        }
    }

    static func check(_ tokenizer: Tokenizer, _ expected: Case, _ label: String) {
        let encoding = tokenizer.encode(expected.text, pair: expected.pair, maxLength: expected.maxLength)
        #expect(encoding.ids == expected.ids, "\(label) \(expected.name): ids")
        #expect(encoding.typeIDs == expected.typeIDs, "\(label) \(expected.name): type ids")
        if let tokens = expected.tokens {
            #expect(encoding.tokens == tokens, "\(label) \(expected.name): tokens")
        }
    }

    static func check(_ tokenizer: Tokenizer, _ decodings: [Decoding], _ label: String) {
        for decoding in decodings {
            #expect(tokenizer.decode(decoding.ids, skipSpecialTokens: false) == decoding.keep, "\(label) \(decoding.ids)")
            #expect(tokenizer.decode(decoding.ids, skipSpecialTokens: true) == decoding.skip, "\(label) \(decoding.ids), skipping")
        }
    }

    /// The ids of `texts` that `tokenizer` gets wrong, by index.
    static func mismatches(_ tokenizer: Tokenizer, _ texts: [String], _ expected: [[Int32]]) -> [Int] {
        zip(texts, expected).enumerated().filter { tokenizer.encode($0.element.0).ids != $0.element.1 }.map(\.offset)
    }

    /// A tokenizer.json document with the top-level members of `overrides` replaced.
    static func replacing(_ document: JSONValue, with overrides: [JSONMember]) -> JSONValue {
        guard case .object(let members) = document else { return document }
        return .object(members.filter { member in !overrides.contains { $0.key == member.key } } + overrides)
    }

    @Test func devAndE2ESentencesMatchTokenizers() throws {
        let fixture = try Self.fixture()
        let devTexts = try Self.devTexts()
        #expect(devTexts.count == 872)
        #expect(fixture.e2eTexts.count == 300)
        for family in ["gpt2", "roberta"] {
            let section = try #require(fixture.tokenizers[family])
            let tokenizer = try Tokenizer.load(folder: Self.folder(family))
            #expect(tokenizer.vocabularySize == section.vocabularySize)
            #expect(section.devIDs.count == devTexts.count && section.e2eIDs.count == fixture.e2eTexts.count)
            #expect(Self.mismatches(tokenizer, devTexts, section.devIDs).isEmpty, "\(family) dev rows that differ")
            #expect(Self.mismatches(tokenizer, fixture.e2eTexts, section.e2eIDs).isEmpty, "\(family) E2E rows that differ")
        }
    }

    @Test func hardCasesPairsAndTruncationMatchTokenizers() throws {
        let fixture = try Self.fixture()
        for family in ["gpt2", "roberta"] {
            let section = try #require(fixture.tokenizers[family])
            let tokenizer = try Tokenizer.load(folder: Self.folder(family))
            #expect(section.cases.count == 78)
            for expected in section.cases { Self.check(tokenizer, expected, family) }
        }
    }

    @Test func decodingsMatchTokenizers() throws {
        let fixture = try Self.fixture()
        for family in ["gpt2", "roberta"] {
            let section = try #require(fixture.tokenizers[family])
            #expect(section.decodings.count > 200)
            Self.check(try Tokenizer.load(folder: Self.folder(family)), section.decodings, family)
        }
    }

    /// The family's tokenizer.json with the top-level members of each variant replaced.
    @Test func tokenizerJSONVariantsMatchTokenizers() throws {
        let fixture = try Self.fixture()
        let variants = try #require(JSONValue.parse(Self.fixtureData())["variants"]?.arrayValue)
        #expect(variants.count == 7 && fixture.variants.count == 7)
        for (variant, json) in zip(fixture.variants, variants) {
            let file = try Self.folder(variant.tokenizer).appendingPathComponent("tokenizer.json")
            let document = Self.replacing(try JSONValue.parse(Data(contentsOf: file)), with: try #require(json["overrides"]?.objectMembers))
            let label = "\(variant.tokenizer) \(variant.name)"
            let tokenizer = try Tokenizer(configuration: TokenizerJSONReader.read(root: document, source: label))
            #expect(variant.cases.count > 80, "\(label) has cases")
            for expected in variant.cases { Self.check(tokenizer, expected, label) }
            Self.check(tokenizer, variant.decodings, label)
        }
    }

    /// A vocabulary without most bytes, overlapping and repeated merges, dropped, unknown and fused unknown bytes.
    @Test func tinyTokenizersMatchTokenizers() throws {
        let fixture = try Self.fixture()
        let tiny = try #require(JSONValue.parse(Self.fixtureData())["tiny"]?.arrayValue)
        #expect(tiny.count == 3)
        for (kind, json) in zip(fixture.tiny, tiny) {
            let document = try #require(json["tokenizer"])
            let tokenizer = try Tokenizer(configuration: TokenizerJSONReader.read(root: document, source: kind.name))
            for expected in kind.cases { Self.check(tokenizer, expected, kind.name) }
        }
    }

    /// `decode` of a small BERT tokenizer with each WordPiece decoder, and of the same vocabulary from vocab.txt.
    @Test func wordPieceDecodingsMatchTokenizers() throws {
        let fixture = try Self.fixture()
        let kinds = try #require(JSONValue.parse(Self.fixtureData())["wordpiece"]?["kinds"]?.arrayValue)
        #expect(kinds.count == 4)
        for (kind, json) in zip(fixture.wordpiece.kinds, kinds) {
            let document = try #require(json["tokenizer"])
            let tokenizer = try Tokenizer(configuration: TokenizerJSONReader.read(root: document, source: kind.name))
            Self.check(tokenizer, kind.decodings, kind.name)
        }
        let fromVocabulary = try Tokenizer(vocabulary: fixture.wordpiece.vocabulary)
        Self.check(fromVocabulary, try #require(fixture.wordpiece.kinds.first { $0.name == "cleanup" }).decodings, "vocab.txt")
    }

    /// vocab.json, merges.txt and tokenizer_config.json alone give what tokenizer.json gives.
    @Test func vocabularyFilesMatchTokenizerJSON() throws {
        let fixture = try Self.fixture()
        let devTexts = try Self.devTexts()
        for family in ["gpt2", "roberta"] {
            let section = try #require(fixture.tokenizers[family])
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-bpe-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            for name in ["vocab.json", "merges.txt", "tokenizer_config.json"] {
                try FileManager.default.copyItem(
                    at: Self.folder(family).appendingPathComponent(name), to: folder.appendingPathComponent(name))
            }
            let tokenizer = try Tokenizer.load(folder: folder)
            let reference = try Tokenizer.load(folder: Self.folder(family))
            #expect(tokenizer.vocabularySize == reference.vocabularySize)
            #expect([tokenizer.padID, tokenizer.unknownID, tokenizer.beginID, tokenizer.endOfTextID]
                == [reference.padID, reference.unknownID, reference.beginID, reference.endOfTextID])
            #expect(Self.mismatches(tokenizer, devTexts, section.devIDs).isEmpty, "\(family) dev rows that differ")
            #expect(Self.mismatches(tokenizer, fixture.e2eTexts, section.e2eIDs).isEmpty, "\(family) E2E rows that differ")
            for expected in section.cases { Self.check(tokenizer, expected, "\(family) from vocab.json") }
            Self.check(tokenizer, section.decodings, "\(family) from vocab.json")
        }
    }

    @Test func specialTokenIDs() throws {
        let gpt2 = try Tokenizer.load(folder: Self.folder("gpt2"))
        #expect(gpt2.padID == nil && gpt2.unknownID == nil)
        #expect(gpt2.beginID == 2000 && gpt2.endOfTextID == 2000)
        #expect(gpt2.token(for: 2000) == "<|endoftext|>")
        #expect(gpt2.largestTypeID(pairs: true) == 1)
        let roberta = try Tokenizer.load(folder: Self.folder("roberta"))
        #expect(roberta.padID == 1 && roberta.unknownID == nil)
        #expect(roberta.beginID == 0 && roberta.endOfTextID == 2)
        #expect(roberta.largestTypeID(pairs: true) == 0)
        #expect(roberta.decode(roberta.encode("a <mask> b").ids, skipSpecialTokens: false) == "<s>a<mask> b</s>")
    }

    /// Letters, numbers and whitespace of GPT-2's pattern over every code point, as `tokenizers`' regex engine
    /// (Unicode 16) sees them.
    @Test func preTokenizerClassesMatchTheRegexOverAllOfUnicode() throws {
        let ranges = try #require(JSONValue.parse(Self.fixtureData())["classes"]?.arrayValue)
        var expected = [ByteLevelCharacterClass](repeating: .other, count: 0x110000)
        for range in ranges {
            let bounds = try #require(range.arrayValue)
            let first = try #require(bounds[0].intValue), last = try #require(bounds[1].intValue)
            let kind: ByteLevelCharacterClass = switch bounds[2].stringValue {
            case "L": .letter
            case "N": .number
            default: .whitespace
            }
            for code in first...last { expected[code] = kind }
        }
        var wrong: [String] = []
        for code in 0..<0x110000 {
            guard let scalar = Unicode.Scalar(UInt32(code)) else { continue }
            if ByteLevelCharacterClass.of(scalar) != expected[code] { wrong.append(String(code, radix: 16)) }
        }
        #expect(wrong.isEmpty, "\(wrong.count) code points differ: \(wrong.prefix(20))")
    }
}
