/// Greedy decoding of one prompt as transformers' `_sample` with `do_sample=False`: the most likely next token
/// (the first on ties) after the no-repeat n-gram rule, until an end-of-text token or `maxNewTokens`.
struct GreedySearch {
    let prompt: [Int32]
    let settings: GenerationSettings
    let endTokens: Set<Int32>
    /// The generated tokens, the end-of-text token included when it came.
    private(set) var tokens: [Int32] = []
    /// The sum of the chosen tokens' log-probabilities (before the n-gram rule).
    private(set) var score: Float = 0
    private(set) var isDone = false

    init(prompt: [Int32], settings: GenerationSettings, endTokens: Set<Int32>) {
        self.prompt = prompt
        self.settings = settings
        self.endTokens = endTokens
    }

    /// The token to feed next.
    var lastToken: Int32 { tokens[tokens.count - 1] }

    /// Chooses the next token from its logits (`vocabularySize` values, changed in place).
    mutating func advance(logits row: UnsafeMutablePointer<Float>, vocabularySize: Int) {
        let (largest, logSum) = Softmax.logNormalizer(row, width: vocabularySize)
        if settings.noRepeatNGramSize > 0 {
            NoRepeatNGram.ban(after: prompt + tokens, size: settings.noRepeatNGramSize, scores: row,
                              vocabularySize: vocabularySize)
        }
        var best = 0
        for token in 1..<vocabularySize where row[token] > row[best] { best = token }
        let chosen = Int32(best)
        if row[best] > -.infinity { score += (row[best] - largest) - logSum } else { score = -.infinity }
        tokens.append(chosen)
        isDone = endTokens.contains(chosen) || tokens.count >= settings.maxNewTokens
    }
}
