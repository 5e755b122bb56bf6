import Foundation
import Testing
@testable import KMix

/// The folder of the comparison sets, from `KMIX_PTB_COMPARISON`.
private let ptbComparisonFolder = ProcessInfo.processInfo.environment["KMIX_PTB_COMPARISON"]

/// kmix's PTB tokenizer against Stanford CoreNLP 3.4.1's on the sets scripts/compare_ptb_tokenizer.py writes (the
/// E2E references and MRs, realistic generated text, random strings; each tokenized by the jar), when
/// `KMIX_PTB_COMPARISON` names their folder. Prints each set's agreement and first differences; every E2E line
/// must agree (docs/generation.md, Scores, gives the measured rates).
@Suite(.enabled(if: ptbComparisonFolder != nil)) struct PTBTokenizerComparisonTests {
    struct ComparisonSet: Decodable {
        var texts: [String]
        var tokens: [[String]]
    }

    @Test func agreesWithStanfordTokenizer() throws {
        let folder = URL(fileURLWithPath: try #require(ptbComparisonFolder))
        for name in ["e2e", "realistic", "random"] {
            let data = try Data(contentsOf: folder.appendingPathComponent("\(name).json"))
            let set = try JSONDecoder().decode(ComparisonSet.self, from: data)
            let produced = PTBTokenizer.tokenize(lines: set.texts)
            // Compared as Java prints them, a line's tokens joined by spaces.
            let differing = set.texts.indices.filter {
                produced[$0].joined(separator: " ") != set.tokens[$0].joined(separator: " ")
            }
            let equal = set.texts.count - differing.count
            print("\(name): \(equal) of \(set.texts.count) lines equal "
                + "(\(String(format: "%.3f", 100 * Double(equal) / Double(set.texts.count)))%)")
            for index in differing.prefix(5) {
                print("  \(set.texts[index].debugDescription)\n  java \(set.tokens[index])\n  kmix \(produced[index])")
            }
            if name == "e2e" { #expect(differing.isEmpty) }
        }
    }
}
