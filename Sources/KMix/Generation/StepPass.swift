/// One decoding step for a run of sequences, one new token each: GPT-2's pre-norm layers
/// (`LayerPass.forward`'s pre-norm branch, operation for operation) with attention over each sequence's cache,
/// then the final layer norm and the language-model head.
struct StepPass: Sendable {
    /// Rows up to which a dense layer runs as one matrix-vector product per row (`Linear.applyPerRow`): reading
    /// the weights once per row (after the first, from cache) costs less than `gemm`'s copy of them into its packed
    /// layout (measured with `kmix-bench generate`: beam 4 steps 4.7 s against 6.8 s with `gemm`).
    static let perRowLimit = 4

    let transformer: Transformer

    /// `Linear.apply`, or one matrix-vector product per row for up to `perRowLimit` rows.
    static func linear(_ x: UnsafePointer<Float>, rows: Int, inputs: Int, weight: Tensor, bias: Tensor?,
                       into output: UnsafeMutablePointer<Float>) {
        if rows <= perRowLimit {
            Linear.applyPerRow(x, rows: rows, inputs: inputs, weight: weight, bias: bias, into: output)
        } else {
            Linear.apply(x, rows: rows, inputs: inputs, weight: weight, bias: bias, into: output)
        }
    }

    /// Runs `tokens[i]` at position `caches[i].length`, appending its keys and values to `caches[i]`, and writes the
    /// next-token logits to `logits` (`tokens.count x vocab`).
    func run(tokens: ArraySlice<Int32>, caches: ArraySlice<KVCache>, space: DecoderWorkspace,
             logits: UnsafeMutablePointer<Float>) {
        let c = transformer.configuration, w = transformer.weights
        let rows = tokens.count, d = c.hiddenSize, ff = c.intermediateSize, epsilon = c.layerNormEpsilon
        let hidden = space.hidden.reserve(rows * d), normalized = space.normalized.reserve(rows * d)
        let qkv = space.qkv.reserve(rows * 3 * d), context = space.context.reserve(rows * d)
        let attended = space.attended.reserve(rows * d)
        let preActivation = space.preActivation.reserve(rows * ff), activation = space.activation.reserve(rows * ff)
        let positions = caches.map { $0.length + 1 }
        let scores = space.scores.reserve(positions.max() ?? 1)
        embed(tokens, caches: caches, into: hidden)
        for (index, layer) in w.layers.enumerated() {
            normalized.update(from: hidden, count: rows * d)
            LayerNorm.apply(normalized, rows: rows, width: d, weights: layer.attentionNormGamma, layer.attentionNormBeta,
                            epsilon: epsilon)
            Self.linear(normalized, rows: rows, inputs: d, weight: layer.qkvWeight, bias: layer.qkvBias, into: qkv)
            for (row, cache) in caches.enumerated() {
                cache.store(layer: index, qkv: qkv + row * 3 * d, rows: 1)
                CachedAttention.apply(query: qkv + row * 3 * d, cache: cache, layer: index, positions: positions[row],
                                      headCount: c.headCount, headSize: c.headSize, scores: scores,
                                      context: context + row * d)
            }
            Self.linear(context, rows: rows, inputs: d, weight: layer.attentionOutputWeight, bias: nil, into: attended)
            layer.attentionOutputBias.scalars.withUnsafeBufferPointer { bias in
                Elementwise.addBiasResidual(attended, rows: rows, width: d, bias: bias.baseAddress!, residual: hidden)
            }
            hidden.update(from: attended, count: rows * d)
            LayerNorm.apply(hidden, rows: rows, width: d, weights: layer.outputNormGamma, layer.outputNormBeta,
                            epsilon: epsilon)
            Self.linear(hidden, rows: rows, inputs: d, weight: layer.intermediateWeight, bias: nil, into: preActivation)
            layer.intermediateBias.scalars.withUnsafeBufferPointer { bias in
                Elementwise.addBiasGELU(preActivation, rows: rows, width: ff, bias: bias.baseAddress!,
                                        activation: activation, kind: c.activation)
            }
            Self.linear(activation, rows: rows, inputs: ff, weight: layer.outputWeight, bias: nil, into: hidden)
            layer.outputBias.scalars.withUnsafeBufferPointer { bias in
                Elementwise.addBiasResidual(hidden, rows: rows, width: d, bias: bias.baseAddress!, residual: attended)
            }
        }
        for cache in caches { cache.commit(1) }
        transformer.applyFinalNorm(hidden, rows: rows)
        NextTokenLogits.apply(hidden, rows: rows, weights: w, into: logits)
    }

    /// Word plus position embedding of each row's token at its sequence's next position.
    private func embed(_ tokens: ArraySlice<Int32>, caches: ArraySlice<KVCache>, into hidden: UnsafeMutablePointer<Float>) {
        let d = transformer.configuration.hiddenSize, w = transformer.weights
        w.wordEmbeddings.scalars.withUnsafeBufferPointer { words in
            w.positionEmbeddings.scalars.withUnsafeBufferPointer { places in
                for (row, (token, cache)) in zip(tokens, caches).enumerated() {
                    let word = words.baseAddress! + Int(token) * d, place = places.baseAddress! + cache.length * d
                    let target = hidden + row * d
                    for i in 0..<d { target[i] = word[i] + place[i] }
                }
            }
        }
    }
}
