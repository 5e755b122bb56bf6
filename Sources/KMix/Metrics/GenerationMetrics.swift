/// Corpus scores of generated texts against grouped references, on the scale e2e-metrics' `measure_scores.py`
/// prints them (BLEU as a fraction in 0…1, not a percentage; NIST and CIDEr unbounded; ROUGE-L in 0…1).
public struct GenerationScores: Sendable, Equatable, Codable {
    /// BLEU-4, as e2e-metrics' default (Perl) `mteval-v13a-sig.pl` computes it.
    public var bleu: Double
    /// NIST-5, as the same script computes it.
    public var nist: Double
    /// ROUGE-L (β = 1.2), as e2e-metrics' `pycocoevalcap` computes it.
    public var rougeL: Double
    /// CIDEr (the CIDEr-D form), as e2e-metrics' `pycocoevalcap` computes it.
    public var cider: Double
    /// METEOR 1.5: always nil. e2e-metrics runs the METEOR 1.5 Java program (stemming, WordNet synonyms, a
    /// paraphrase table and a tuned alignment search); kmix has no exact counterpart and reports none.
    public var meteor: Double?

    public init(bleu: Double, nist: Double, rougeL: Double, cider: Double, meteor: Double? = nil) {
        self.bleu = bleu
        self.nist = nist
        self.rougeL = rougeL
        self.cider = cider
        self.meteor = meteor
    }
}

/// Why `GenerationMetrics.score` refused its input.
public enum GenerationMetricsError: Error, Equatable, CustomStringConvertible {
    /// There were no outputs.
    case noOutputs
    /// The numbers of outputs and of reference groups differ.
    case countMismatch(outputs: Int, references: Int)
    /// The output at this index (from 0) has no reference.
    case noReferences(index: Int)

    public var description: String {
        switch self {
        case .noOutputs: "there are no outputs to score"
        case .countMismatch(let outputs, let references):
            "\(outputs) outputs but \(references) groups of references: each output needs its group"
        case .noReferences(let index): "output \(index) has no reference"
        }
    }
}

/// The E2E NLG Challenge's metrics as its scoring script, e2e-metrics' `measure_scores.py`, computes them (see
/// docs/generation.md, Scores, for each metric's reference implementation, tokenization and measured agreement).
public enum GenerationMetrics {
    /// Scores `outputs[i]` against the references `references[i]` (one output per distinct source, its references
    /// grouped in order), as `measure_scores.py` scores the same lists: BLEU and NIST through mteval's tokenization,
    /// ROUGE-L and CIDEr through Stanford's PTB tokenizer, lowercased, PTB punctuation dropped.
    public static func score(outputs: [String], references: [[String]]) throws -> GenerationScores {
        guard !outputs.isEmpty else { throw GenerationMetricsError.noOutputs }
        guard outputs.count == references.count else {
            throw GenerationMetricsError.countMismatch(outputs: outputs.count, references: references.count)
        }
        if let index = references.firstIndex(where: \.isEmpty) { throw GenerationMetricsError.noReferences(index: index) }
        let mteval = MTEvalScores(outputs: outputs, references: references)
        let captions = CocoCaptions(outputs: outputs, references: references)
        return GenerationScores(bleu: mteval.bleu, nist: mteval.nist, rougeL: RougeL.score(captions),
                                cider: CIDEr.score(captions))
    }
}
