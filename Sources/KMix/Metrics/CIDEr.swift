import Foundation

/// CIDEr as `pycocoevalcap`'s `cider_scorer.py` computes it for e2e-metrics (the CIDEr-D form: clipped TF-IDF,
/// Gaussian length penalty σ = 6, ×10): n-grams of orders 1–4 of the captions split at white space, document
/// frequencies over each source's references together, IDF log(sources) − log(max(1, df)); per order the clipped
/// cosine of the output's and each reference's TF-IDF vectors times exp(−δ²/2σ²), δ the difference of their
/// bigram counts (the scorer's `length`); per source the mean over orders and references ×10; corpus: the mean.
enum CIDEr {
    private static let maxOrder = 4
    private static let sigma = 6.0

    static func score(_ captions: CocoCaptions) -> Double {
        var table = NGramTable()
        func counts(_ tokens: [String]) -> [NGramTable.Count] {
            table.counts(of: CocoCaptions.words(tokens).map { table.token($0) }, maxOrder: maxOrder)
        }
        let outputs = captions.outputs.map(counts)
        let references = captions.references.map { $0.map(counts) }

        var documentFrequency = [Double](repeating: 0, count: table.size)
        var seenIn = [Int](repeating: -1, count: table.size)
        for (source, group) in references.enumerated() {
            for reference in group {
                for entry in reference where seenIn[Int(entry.id)] != source {
                    seenIn[Int(entry.id)] = source
                    documentFrequency[Int(entry.id)] += 1
                }
            }
        }
        let logSources = log(Double(references.count))

        /// A caption's TF-IDF weights (parallel to its n-grams), their norm per order and its bigram count.
        struct Vector {
            var ngrams: [NGramTable.Count]
            var weights: [Double] = []
            var norms = [Double](repeating: 0, count: CIDEr.maxOrder)
            var bigrams = 0
        }
        func vector(_ ngrams: [NGramTable.Count]) -> Vector {
            var result = Vector(ngrams: ngrams)
            for entry in ngrams {
                let order = Int(table.order[Int(entry.id)]) - 1
                let weight = Double(entry.count) * (logSources - log(max(1, documentFrequency[Int(entry.id)])))
                result.weights.append(weight)
                result.norms[order] += weight * weight
                if order == 1 { result.bigrams += entry.count }
            }
            result.norms = result.norms.map { $0.squareRoot() }
            return result
        }

        var referenceWeight = [Double](repeating: 0, count: table.size)
        var total = 0.0
        for (output, group) in zip(outputs, references) {
            let candidate = vector(output)
            var sums = [Double](repeating: 0, count: maxOrder)
            for reference in group.map(vector) {
                for (entry, weight) in zip(reference.ngrams, reference.weights) { referenceWeight[Int(entry.id)] = weight }
                let delta = Double(candidate.bigrams - reference.bigrams)
                let penalty = pow(M_E, -(delta * delta) / (2 * sigma * sigma))
                var values = [Double](repeating: 0, count: maxOrder)
                for (entry, weight) in zip(candidate.ngrams, candidate.weights) {
                    let other = referenceWeight[Int(entry.id)]
                    values[Int(table.order[Int(entry.id)]) - 1] += min(weight, other) * other
                }
                for order in 0..<maxOrder {
                    if candidate.norms[order] != 0, reference.norms[order] != 0 {
                        values[order] /= candidate.norms[order] * reference.norms[order]
                    }
                    sums[order] += values[order] * penalty
                }
                for entry in reference.ngrams { referenceWeight[Int(entry.id)] = 0 }
            }
            total += sums.reduce(0, +) / Double(maxOrder) / Double(group.count) * 10
        }
        return total / Double(outputs.count)
    }
}
