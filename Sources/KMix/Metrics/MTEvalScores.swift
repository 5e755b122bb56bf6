import Foundation

/// BLEU-4 and NIST-5 as e2e-metrics reports them by default: its `mteval-v13a-sig.pl` (NIST's mteval v13a adapted
/// to a variable number of references, run by `measure_scores.py` without `-p`), on one document of all segments,
/// with `MTEvalTokenizer`'s tokens.
///
/// BLEU: clipped n-gram matches against the most frequent reference count, the closest reference length (the
/// shorter on a tie), mteval's smoothing (a precision without matches counts as 1/(2^k · total), k = 1, 2, …), and
/// an order with no test n-grams left out of the product. NIST: each matched n-gram's information
/// log2(count(prefix) / count(n-gram)) over all references, per order over the test n-grams, times the length
/// penalty against the references' total length over their mean number per segment.
struct MTEvalScores {
    private(set) var bleu = 0.0
    private(set) var nist = 0.0

    private static let bleuOrder = 4
    private static let nistOrder = 5

    init(outputs: [String], references: [[String]]) {
        var table = NGramTable()
        let testTokens = outputs.map { MTEvalTokenizer.tokenize($0).map { table.token($0) } }
        let referenceTokens = references.map { $0.map { MTEvalTokenizer.tokenize($0).map { table.token($0) } } }

        // Information weights from every reference n-gram of the corpus.
        let referenceNGrams = referenceTokens.map { $0.map { table.counts(of: $0, maxOrder: Self.nistOrder) } }
        let testNGrams = testTokens.map { table.counts(of: $0, maxOrder: Self.nistOrder) }
        var referenceCounts = [Int](repeating: 0, count: table.size)
        var referenceWords = 0
        for (segment, counted) in zip(referenceTokens, referenceNGrams) {
            referenceWords += segment.reduce(0) { $0 + $1.count }
            for counts in counted {
                for entry in counts { referenceCounts[Int(entry.id)] += entry.count }
            }
        }
        func information(_ id: Int32) -> Double {
            let parent = table.prefix[Int(id)]
            let context = parent < 0 ? referenceWords : referenceCounts[Int(parent)]
            return -log(Double(referenceCounts[Int(id)]) / Double(context)) / log(2.0)
        }

        var matches = [Int](repeating: 0, count: Self.nistOrder + 1)
        var totals = [Int](repeating: 0, count: Self.nistOrder + 1)
        var informationSums = [Double](repeating: 0, count: Self.nistOrder + 1)
        var referenceLength = 0, nonEmptyReferences = 0
        var maximal = [Int](repeating: 0, count: table.size)
        for (segment, tokens) in testTokens.enumerated() {
            for order in 1...Self.nistOrder { totals[order] += max(0, tokens.count - order + 1) }
            for counts in referenceNGrams[segment] {
                for entry in counts { maximal[Int(entry.id)] = max(maximal[Int(entry.id)], entry.count) }
            }
            for entry in testNGrams[segment] where maximal[Int(entry.id)] > 0 {
                let order = Int(table.order[Int(entry.id)])
                let clipped = min(entry.count, maximal[Int(entry.id)])
                matches[order] += clipped
                informationSums[order] += information(entry.id) * Double(clipped)
            }
            for counts in referenceNGrams[segment] {
                for entry in counts { maximal[Int(entry.id)] = 0 }
            }
            let lengths = referenceTokens[segment].map(\.count)
            nonEmptyReferences += lengths.filter { $0 > 0 }.count
            referenceLength += Self.closestLength(lengths, to: tokens.count)
        }

        let brevity = totals[1] > 0 ? exp(min(0, 1 - Double(referenceLength) / Double(totals[1]))) : 0
        var logSum = 0.0, halvings = 1.0
        for order in 1...Self.bleuOrder where totals[order] > 0 {
            if matches[order] == 0 {
                halvings *= 2
                logSum += log(1 / (halvings * Double(totals[order])))
            } else {
                logSum += log(Double(matches[order]) / Double(totals[order]))
            }
        }
        bleu = exp(logSum / Double(Self.bleuOrder)) * brevity

        var information = 0.0
        for order in 1...Self.nistOrder { information += informationSums[order] / Double(max(totals[order], 1)) }
        let meanReferences = Double(nonEmptyReferences) / Double(testTokens.count)
        nist = referenceWords > 0 ? information * Self.nistPenalty(Double(totals[1]) / (Double(referenceWords) / meanReferences)) : 0
    }

    /// mteval's `brevity_penalty_closest` over a segment's references in the order mteval sorts their names
    /// (`ref_0`, `ref_1`, `ref_10`, …): the first reference's length, then any non-empty reference closer to the
    /// test length, or as close and shorter.
    private static func closestLength(_ lengths: [Int], to test: Int) -> Int {
        let order = lengths.indices.sorted { String($0) < String($1) }
        var closest = lengths[order[0]]
        for index in order.dropFirst() {
            let length = lengths[index]
            guard length > 0 else { continue }
            let distance = abs(test - length), current = abs(test - closest)
            if distance < current || (distance == current && length < closest) { closest = length }
        }
        return closest
    }

    /// mteval's `nist_length_penalty`: 1 from ratio 1 up, 0 at 0, exp(−β log² ratio) between, with β set so a
    /// ratio of 2/3 gives 0.5.
    private static func nistPenalty(_ ratio: Double) -> Double {
        if ratio >= 1 { return 1 }
        if ratio <= 0 { return 0 }
        let beta = -log(0.5) / log(1.5) / log(1.5)
        return exp(-beta * log(ratio) * log(ratio))
    }
}
