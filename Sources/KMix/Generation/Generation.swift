/// What `Generator` produced for one prompt.
public struct Generation: Sendable, Equatable {
    /// The generated token ids only (not the prompt), ending with the end-of-text token when one was generated.
    public var tokens: [Int32]
    /// Greedy decoding: the sum of the generated tokens' log-probabilities. Beam search: transformers'
    /// `sequences_scores`, that sum divided by `tokens.count ^ lengthPenalty`.
    public var score: Float

    /// A generation of `tokens` scored `score`.
    public init(tokens: [Int32], score: Float) {
        self.tokens = tokens
        self.score = score
    }
}
