import Foundation

/// How far an export's logits are from its run's, against `kmix verify-export --tolerance`.
struct LogitComparison {
    /// The largest absolute difference of any logit (NaN when one is NaN).
    let difference: Float
    /// The largest absolute logit of the run, when it exceeds 1 (else 1): the tolerance's scale.
    let scale: Float
    /// The difference that passes: the tolerance times `scale`.
    let bound: Double

    /// The comparison of `found` with `expected` (one row of logits per example, the same shape).
    init(expected: [[Float]], found: [[Float]], tolerance: Double) {
        let differences = zip(found, expected).flatMap { zip($0, $1).map { abs($0 - $1) } }
        difference = differences.contains(where: \.isNaN) ? .nan : differences.max() ?? 0
        scale = max(1, expected.joined().map(abs).max() ?? 0)
        bound = tolerance * Double(scale)
    }

    /// Whether no logit differs by more than `bound`.
    var passed: Bool { Double(difference) <= bound }

    /// `pass: …` or `FAIL: …` with the difference, the number of rows compared (`count` `rows`, e.g. 200 dev examples)
    /// and the tolerance.
    func verdict(examples: Int, rows: String = "dev examples") -> String {
        let tolerance = scale > 1 ? "\(Self.number(bound)) (\(Self.number(bound / Double(scale))) × largest |logit| "
            + "\(Self.number(Double(scale))))" : Self.number(bound)
        return (passed ? "pass" : "FAIL") + ": max abs logit difference \(Self.number(Double(difference))) over \(examples) "
            + "\(rows), " + (passed ? "within" : "beyond") + " the tolerance \(tolerance)"
    }

    private static func number(_ value: Double) -> String { String(format: "%.3g", value) }
}
