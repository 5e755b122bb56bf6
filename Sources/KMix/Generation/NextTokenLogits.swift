/// GPT-2's language-model head at inference: next-token logits `h · wteᵀ` from final hidden states, with the word-embedding table
/// as the output weight (tied, no bias), as transformers' `GPT2LMHeadModel` has it.
enum NextTokenLogits {
    /// Writes the logits of `rows` hidden states (`rows x d`, after the final layer norm) to `logits` (`rows x vocab`).
    static func apply(_ hidden: UnsafePointer<Float>, rows: Int, weights: ModelWeights,
                      into logits: UnsafeMutablePointer<Float>) {
        let table = weights.wordEmbeddings
        StepPass.linear(hidden, rows: rows, inputs: table.columns, weight: table, bias: nil, into: logits)
    }
}

extension Transformer {
    /// The next-token logits at every position of `batch` (`tokenCount x vocab`, rows in packed order): the full
    /// forward pass (`hiddenStates`) and the tied language-model head, for a decoder (`ModelFamily.isDecoder`).
    public func languageModelLogits(for batch: PackedBatch) -> Tensor {
        languageModelLogits(for: batch, adapters: nil)
    }

    /// `languageModelLogits(for:)` with Kernel-mix `adapters` in the layers.
    func languageModelLogits(for batch: PackedBatch, adapters: AdaptedLayers?) -> Tensor {
        let hidden = hiddenStates(for: batch, adapters: adapters)
        var logits = [Float](repeating: 0, count: batch.tokenCount * configuration.vocabularySize)
        hidden.scalars.withUnsafeBufferPointer { h in
            logits.withUnsafeMutableBufferPointer { out in
                NextTokenLogits.apply(h.baseAddress!, rows: batch.tokenCount, weights: weights, into: out.baseAddress!)
            }
        }
        return Tensor(shape: [batch.tokenCount, configuration.vocabularySize], scalars: logits)
    }
}
