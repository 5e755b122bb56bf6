import Foundation
import Testing
@testable import KMix

/// The E2E challenge's metrics against its scoring code, e2e-metrics: the fixture metrics/e2e-scores.json is made by
/// scripts/make_metric_fixtures.py with e2e-metrics' `measure_scores.py` (Perl mteval for BLEU and NIST, Stanford
/// CoreNLP 3.4.1's PTB tokenizer and pycocoevalcap for ROUGE-L and CIDEr) on 120 E2E test-set sources with
/// perturbed outputs and 9 hand-made ones, plus the Java tokenizer's tokens of 460 texts.
@Suite struct GenerationMetricsTests {
    struct Fixture: Decodable {
        struct Tolerance: Decodable {
            var relative: Double
        }

        struct Source: Decodable {
            var output: String
            var references: [String]
        }

        struct Scores: Decodable {
            var bleu: Double
            var nist: Double
            var rougeL: Double
            var cider: Double

            enum CodingKeys: String, CodingKey {
                case bleu = "BLEU", nist = "NIST", rougeL = "ROUGE_L", cider = "CIDEr"
            }
        }

        struct TokenizerCase: Decodable {
            var text: String
            var tokens: [String]
        }

        var tolerance: Tolerance
        var sources: [Source]
        var e2eMetrics: Scores
        var outputCaptions: [[String]]
        var tokenizerCases: [TokenizerCase]

        enum CodingKeys: String, CodingKey {
            case tolerance, sources
            case e2eMetrics = "e2e_metrics"
            case outputCaptions = "output_captions"
            case tokenizerCases = "tokenizer_cases"
        }
    }

    static func fixture() throws -> Fixture {
        let data = try Data(contentsOf: try ProjectFiles.fixture("metrics/e2e-scores.json"))
        return try JSONDecoder().decode(Fixture.self, from: data)
    }

    static func relativeDifference(_ value: Double, _ reference: Double) -> Double {
        abs(value - reference) / max(abs(reference), Double.leastNormalMagnitude)
    }

    @Test func scoresEqualE2EMetrics() throws {
        let fixture = try Self.fixture()
        #expect(fixture.sources.count == 129)
        let scores = try GenerationMetrics.score(outputs: fixture.sources.map(\.output),
                                                 references: fixture.sources.map(\.references))
        let expected = fixture.e2eMetrics
        for (name, value, reference) in [("BLEU", scores.bleu, expected.bleu), ("NIST", scores.nist, expected.nist),
                                         ("ROUGE-L", scores.rougeL, expected.rougeL), ("CIDEr", scores.cider, expected.cider)] {
            #expect(Self.relativeDifference(value, reference) <= fixture.tolerance.relative,
                    "\(name): kmix \(value), e2e-metrics \(reference)")
        }
        #expect(scores.meteor == nil)
    }

    @Test func ptbTokensEqualStanfordTokenizer() throws {
        let cases = try Self.fixture().tokenizerCases
        #expect(cases.count == 460)
        let tokens = PTBTokenizer.tokenize(lines: cases.map(\.text))
        for (item, produced) in zip(cases, tokens) {
            #expect(produced == item.tokens, "\(item.text.debugDescription)")
        }
    }

    @Test func outputCaptionsEqualPycocoevalcap() throws {
        let fixture = try Self.fixture()
        let captions = CocoCaptions(outputs: fixture.sources.map(\.output), references: fixture.sources.map(\.references))
        #expect(captions.outputs == fixture.outputCaptions)
        #expect(captions.references.map(\.count) == fixture.sources.map(\.references.count))
    }

    @Test func mtevalTokenizationLowercasesASCIIOnly() {
        // As mteval-v13a.pl's `tokenization` splits this line (checked with the Perl function).
        #expect(MTEvalTokenizer.tokenize("CAFÉ, 5.5 £20-25 St. John's &amp; a.,b 1,000. x-y 3-4 <skipped>ok \"q\"") ==
                ["cafÉ", ",", "5.5", "£20", "-", "25", "st", ".", "john's", "&", "a", ".", ",", "b", "1,000", ".",
                 "x-y", "3", "-", "4", "ok", "\"", "q", "\""])
        #expect(MTEvalTokenizer.tokenize("  \t ").isEmpty)
    }

    @Test func outputsEqualToAReferenceScoreOne() throws {
        let references = [["The Vaults is a pub.", "A pub called The Vaults."],
                          ["Blue Spice is a coffee shop in the city centre.", "Blue Spice serves coffee."]]
        let scores = try GenerationMetrics.score(outputs: references.map { $0[0] }, references: references)
        #expect(abs(scores.bleu - 1) < 1e-15)
        #expect(abs(scores.rougeL - 1) < 1e-15)
        #expect(scores.nist > 0)
        #expect(scores.cider > 0)
    }

    @Test func emptyOutputsScoreZero() throws {
        let scores = try GenerationMetrics.score(outputs: ["", " "],
                                                 references: [["The Vaults is a pub."], ["Blue Spice serves coffee."]])
        #expect(scores == GenerationScores(bleu: 0, nist: 0, rougeL: 0, cider: 0))
    }

    @Test func brevityPenaltyAndUnmatchedOrders() throws {
        // 3 of 6 reference words, every n-gram matched, no 4-gram: exp(0) · exp(1 − 6/3).
        let short = try GenerationMetrics.score(outputs: ["the cat sat"], references: [["the cat sat on the mat"]])
        #expect(abs(short.bleu - exp(-1)) < 1e-15)
        // The closest reference length (the shorter on a tie): 4 words against references of 3 and 5, no penalty.
        let tie = try GenerationMetrics.score(outputs: ["a b c d"], references: [["a b c d e", "a b c"]])
        #expect(abs(tie.bleu - 1) < 1e-15)
        // mteval's smoothing: 2 of 4 unigrams, 1 of 3 bigrams, no trigram (1/2 · 1/2), no 4-gram (1/4 · 1/1).
        let smoothed = try GenerationMetrics.score(outputs: ["a b x y"], references: [["a b c d"]])
        #expect(abs(smoothed.bleu - pow(0.5 * (1.0 / 3) * 0.25 * 0.25, 0.25)) < 1e-15)
    }

    @Test func ciderOfOneSourceIsZero() throws {
        // Every n-gram's IDF is log(1 source) − log(1) = 0, as pycocoevalcap computes it.
        let scores = try GenerationMetrics.score(outputs: ["The Vaults is a pub."], references: [["The Vaults is a pub."]])
        #expect(scores.cider == 0)
        #expect(abs(scores.rougeL - 1) < 1e-15)
    }

    @Test func refusals() {
        #expect(throws: GenerationMetricsError.noOutputs) { try GenerationMetrics.score(outputs: [], references: []) }
        #expect(throws: GenerationMetricsError.countMismatch(outputs: 1, references: 2)) {
            try GenerationMetrics.score(outputs: ["a"], references: [["a"], ["b"]])
        }
        #expect(throws: GenerationMetricsError.noReferences(index: 1)) {
            try GenerationMetrics.score(outputs: ["a", "b"], references: [["a"], []])
        }
    }
}
