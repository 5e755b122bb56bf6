/// A forward pass produced NaN or an infinity although its weights are finite: float32 overflowed inside the model.
/// kmix refuses to report such an output rather than write `nan` into JSON or score it as a prediction.
public struct NonFiniteOutput: Error, Equatable, Sendable, CustomStringConvertible {
    /// What was computed, e.g. "logits" or "embedding".
    public let what: String
    /// The example (input line or data row, from 0) whose output is not finite.
    public let example: Int
    /// The first offending value.
    public let value: Float

    public var description: String {
        "the \(what) of example \(example) came out as \(value): float32 overflowed inside the model, so its weights "
            + "or adapters are too large to give a number"
    }

    /// The same failure for an input read in parts: `example` counted from the whole input's start, `first`
    /// being the index of the part's first example.
    public func offset(by first: Int) -> NonFiniteOutput {
        NonFiniteOutput(what: what, example: first + example, value: value)
    }

    /// Throws for the first element of `values` that is not finite, naming `example`.
    static func check<Values: Collection<Float>>(_ values: Values, what: String, example: Int) throws(NonFiniteOutput) {
        if let bad = values.first(where: { !$0.isFinite }) { throw NonFiniteOutput(what: what, example: example, value: bad) }
    }
}
