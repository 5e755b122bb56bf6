import Foundation
import Testing
@testable import KMix

/// The BERT normalizer and pre-tokenizer against `tokenizers` on every Unicode code point
/// (tokenizer-unicode.json, made by scripts/make_tokenizer_fixture.py).
@Suite struct TokenizerUnicodeTests {
    /// How one normalizer treats each code point.
    struct NormalizerTable: Decodable {
        var removed: [[UInt32]]
        var space: [[UInt32]]
        var surrounded: [[UInt32]]
        var decomposed: [[UInt32]]
        var changed: [String: String]
    }

    /// The pre-tokenizer's whitespace and punctuation.
    struct PreTokenizerTable: Decodable {
        var whitespace: [[UInt32]]
        var punctuation: [[UInt32]]
    }

    /// A whole string and its normalized form.
    struct Sequence: Decodable {
        var normalizer: String
        var text: String
        var normalized: String
    }

    /// tokenizer-unicode.json.
    struct Tables: Decodable {
        var normalizers: [String: NormalizerTable]
        var preTokenizer: PreTokenizerTable
        var sequences: [Sequence]

        enum CodingKeys: String, CodingKey {
            case normalizers, sequences
            case preTokenizer = "pre_tokenizer"
        }
    }

    static let normalizers = [
        "bert": BertNormalizer(cleanText: true, handleChineseCharacters: true, stripAccents: true, lowercase: true),
        "lowercase_only": BertNormalizer(cleanText: false, handleChineseCharacters: false, stripAccents: false, lowercase: true),
        "strip_accents_only": BertNormalizer(cleanText: false, handleChineseCharacters: false, stripAccents: true, lowercase: false),
    ]

    static func tables() throws -> Tables {
        let url = try #require(Bundle.module.url(forResource: "tokenizer-unicode", withExtension: "json", subdirectory: "Fixtures"))
        return try JSONDecoder().decode(Tables.self, from: Data(contentsOf: url))
    }

    static let allScalars: [Unicode.Scalar] = (0...0x10FFFF).compactMap { Unicode.Scalar(UInt32($0)) }

    static func contains(_ ranges: [[UInt32]], _ value: UInt32) -> Bool {
        var low = 0
        var high = ranges.count
        while low < high {
            let middle = (low + high) / 2
            if ranges[middle][1] < value {
                low = middle + 1
            } else if ranges[middle][0] > value {
                high = middle
            } else {
                return true
            }
        }
        return false
    }

    static func expected(_ scalar: Unicode.Scalar, in table: NormalizerTable) -> String {
        let value = scalar.value
        if let changed = table.changed[String(value)] { return changed }
        if contains(table.removed, value) { return "" }
        if contains(table.space, value) { return " " }
        if contains(table.surrounded, value) { return " \(scalar) " }
        if contains(table.decomposed, value) { return String(scalar).decomposedStringWithCanonicalMapping }
        return String(scalar)
    }

    /// Normalizes every code point alone, in chunks joined by "|" (a starter that no step changes), and
    /// returns the first code points whose output differs from `tokenizers`.
    static func mismatches(_ normalizer: BertNormalizer, _ table: NormalizerTable) -> [String] {
        var mismatches: [String] = []
        let scalars = allScalars.filter { $0 != "|" }
        for chunkStart in stride(from: 0, to: scalars.count, by: 4096) {
            let chunk = scalars[chunkStart..<min(chunkStart + 4096, scalars.count)]
            var input: [Unicode.Scalar] = []
            for scalar in chunk { input += [scalar, "|"] }
            let output = normalizer.normalize(input[...])
            let parts = output.split(separator: "|", omittingEmptySubsequences: false)
            for (scalar, part) in zip(chunk, parts) {
                let actual = String(String.UnicodeScalarView(part))
                let expected = expected(scalar, in: table)
                if !actual.unicodeScalars.elementsEqual(expected.unicodeScalars) {
                    let hex = { (text: String) in text.unicodeScalars.map { String($0.value, radix: 16) }.joined(separator: " ") }
                    mismatches.append("U+\(String(scalar.value, radix: 16)): got [\(hex(actual))], want [\(hex(expected))]")
                }
            }
        }
        return mismatches
    }

    @Test(arguments: ["bert", "lowercase_only", "strip_accents_only"])
    func normalizerMatchesOnEveryCodePoint(_ name: String) throws {
        let table = try #require(try Self.tables().normalizers[name])
        let mismatches = Self.mismatches(try #require(Self.normalizers[name]), table)
        #expect(mismatches.isEmpty, "\(mismatches.count) code points differ: \(mismatches.prefix(20))")
    }

    /// Canonical reordering, decomposition and characters newer than the tables of `tokenizers`, in context.
    @Test func normalizerMatchesOnSequences() throws {
        let sequences = try Self.tables().sequences
        #expect(sequences.count == 24)
        for sequence in sequences {
            let normalizer = try #require(Self.normalizers[sequence.normalizer])
            let output = normalizer.normalize(Array(sequence.text.unicodeScalars)[...])
            #expect(output.elementsEqual(sequence.normalized.unicodeScalars), "\(sequence.normalizer): \(sequence.text.debugDescription)")
        }
    }

    @Test func preTokenizerMatchesOnEveryCodePoint() throws {
        let table = try Self.tables().preTokenizer
        var mismatches: [String] = []
        for scalar in Self.allScalars {
            let text: [Unicode.Scalar] = ["a", scalar, "a"]
            var words: [Range<Int>] = []
            BertPreTokenizer.forEachWord(in: text, range: 0..<3) { words.append($0) }
            let isWhitespace = words == [0..<1, 2..<3]
            let isPunctuation = words == [0..<1, 1..<2, 2..<3]
            if isWhitespace != Self.contains(table.whitespace, scalar.value)
                || isPunctuation != Self.contains(table.punctuation, scalar.value) {
                mismatches.append("U+\(String(scalar.value, radix: 16)): \(words)")
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.count) code points differ: \(mismatches.prefix(20))")
    }
}
