/// ROUGE-L as `pycocoevalcap`'s `rouge.py` computes it for e2e-metrics: per source, the longest common subsequence
/// of the output's tokens with each reference's, the best precision and the best recall over the references (taken
/// separately), combined as F with β = 1.2; the corpus score is the mean over sources. A caption without tokens
/// counts as one empty token, as `"".split(" ")` does.
enum RougeL {
    private static let beta = 1.2

    static func score(_ captions: CocoCaptions) -> Double {
        var table = NGramTable()
        func ids(_ tokens: [String]) -> [Int32] { (tokens.isEmpty ? [""] : tokens).map { table.token($0) } }
        var total = 0.0
        for (output, references) in zip(captions.outputs, captions.references) {
            let candidate = ids(output)
            var precision = 0.0, recall = 0.0
            for reference in references {
                let tokens = ids(reference)
                let common = Double(longestCommonSubsequence(tokens, candidate))
                precision = max(precision, common / Double(candidate.count))
                recall = max(recall, common / Double(tokens.count))
            }
            if precision != 0, recall != 0 {
                total += (1 + beta * beta) * precision * recall / (recall + beta * beta * precision)
            }
        }
        return total / Double(captions.outputs.count)
    }

    private static func longestCommonSubsequence(_ first: [Int32], _ second: [Int32]) -> Int {
        var previous = [Int](repeating: 0, count: second.count + 1)
        var current = previous
        for token in first {
            for (index, other) in second.enumerated() {
                current[index + 1] = token == other ? previous[index] + 1 : max(previous[index + 1], current[index])
            }
            swap(&previous, &current)
        }
        return previous[second.count]
    }
}
