extension KernelMixLanguageModel {
    /// The next-token logits of every token of `batch` through the adapted decoder, without dropout:
    /// `tokenCount x vocabulary`, rows in packed order (row t of a sequence scores the token after t), the final
    /// layer norm's output times the tied word embeddings, as `GPT2LMHeadModel` computes them.
    public func logits(for batch: PackedBatch) -> Tensor {
        adapters.withAdaptedLayers { model.languageModelLogits(for: batch, adapters: $0) }
    }
}
