extension KernelMixLanguageModel {
    /// The next-token logits of every token of `batch` through the adapted decoder, without dropout:
    /// `tokenCount x vocabulary`, rows in packed order (row t of a sequence scores the token after t), the final
    /// layer norm's output times the tied word embeddings, as `GPT2LMHeadModel` computes them.
    public func logits(for batch: PackedBatch) -> Tensor {
        model.checkFits(batch)
        let c = model.configuration, n = batch.tokenCount, d = c.hiddenSize, vocabulary = c.vocabularySize
        var packs = adapters.layouts.map { $0.isAdapted ? LayerAdapterPack(layout: $0) : nil }
        var hidden = [Float](repeating: 0, count: n * d)
        adapters.store.values.withUnsafeBufferPointer { values in
            for layer in packs.indices { packs[layer]?.refill(from: values.baseAddress!) }
            hidden.withUnsafeMutableBufferPointer { buffer in
                let h = buffer.baseAddress!
                model.embed(batch, into: h)
                let pass = LayerPass()
                var noDropout: DropoutSource?
                for (index, layer) in model.weights.layers.enumerated() {
                    pass.forward(layer, configuration: c, batch: batch, hidden: h,
                                 adapters: packs[index].map { LayerAdapters(pack: $0, values: values.baseAddress!) },
                                 dropout: &noDropout)
                }
                model.applyFinalNorm(h, rows: n)
            }
        }
        var logits = [Float](repeating: 0, count: n * vocabulary)
        BLAS.gemm(.none, .transposed, m: n, n: vocabulary, k: d, a: hidden, lda: d,
                  b: model.weights.wordEmbeddings.scalars, ldb: d, c: &logits, ldc: vocabulary)
        return Tensor(shape: [n, vocabulary], scalars: logits)
    }
}
