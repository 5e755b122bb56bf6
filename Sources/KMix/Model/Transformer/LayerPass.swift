/// One transformer layer's forward pass over a packed batch, with Kernel-mix
/// adapters when given, keeping what its backward pass (`LayerPass+Backward`)
/// needs. Inference and training run this same code.
///
/// What is saved lives in buffers that grow to the largest batch seen and are
/// reused by later passes; what is only needed while a pass runs lives in the
/// `LayerScratch` that the passes of one worker share.
final class LayerPass {
    /// Tokens of the last forward pass.
    private(set) var tokens = 0
    /// The layer's input, `tokens x d`, kept when the layer has adapters (the
    /// input of its Q and shared V adapters in the backward pass).
    let input = ReusableBuffer<Float>()
    /// Adapted queries, frozen keys, adapted values: `tokens x 3d`.
    let qkv = ReusableBuffer<Float>()
    /// Attention probabilities before dropout, laid out as `SelfAttention` describes.
    let probabilities = ReusableBuffer<Float>()
    /// Attention dropout.
    let attentionKeep = MaskBuffer()
    /// Concatenated head outputs, `tokens x d`.
    let context = ReusableBuffer<Float>()
    /// Output projection, later the first layer norm's output: `tokens x d`.
    let attended = ReusableBuffer<Float>()
    /// The first layer norm's normalised input and reciprocal deviations.
    let attentionNormalized = ReusableBuffer<Float>()
    let attentionDeviation = ReusableBuffer<Float>()
    /// Hidden dropout on the attention output.
    let attentionOutputKeep = MaskBuffer()
    /// Feed-forward pre-activation, `tokens x ff` (kept for the backward pass).
    let preActivation = ReusableBuffer<Float>()
    /// Hidden dropout on the feed-forward output.
    let outputKeep = MaskBuffer()
    /// The second layer norm's normalised input and reciprocal deviations.
    let outputNormalized = ReusableBuffer<Float>()
    let outputDeviation = ReusableBuffer<Float>()
    /// Memory shared with the other passes of the same worker.
    let scratch: LayerScratch
    /// The adapters' state, by projection.
    let queryPath = ProjectionPath(), valuePath = ProjectionPath(), outputPath = ProjectionPath()

    /// A pass using `scratch` for its temporaries (a new one when not given).
    init(scratch: LayerScratch = LayerScratch()) {
        self.scratch = scratch
    }

    /// Runs `layer` on `hidden` (`tokens x d`, replaced by the layer's output): post-norm (BERT, RoBERTa) or
    /// pre-norm with causal attention (GPT-2), as `configuration`'s family has it.
    func forward(_ layer: ModelWeights.Layer, configuration c: ModelConfiguration, batch: PackedBatch,
                 hidden h: UnsafeMutablePointer<Float>, adapters: LayerAdapters?, dropout: inout DropoutSource?) {
        let n = batch.tokenCount, d = c.hiddenSize
        tokens = n
        let probabilityCount = SelfAttention.probabilityCount(batch, headCount: c.headCount)
        OperationProfile.shared.measure(.elementwise) {
            attentionKeep.draw(probabilityCount, rate: dropout?.attentionRate, from: &dropout)
            attentionOutputKeep.draw(n * d, rate: dropout?.hiddenRate, from: &dropout)
            outputKeep.draw(n * d, rate: dropout?.hiddenRate, from: &dropout)
        }
        queryPath.deactivate()
        valuePath.deactivate()
        outputPath.deactivate()
        let attended = self.attended.reserve(n * d)
        if c.family.normalizesFirst {
            // x1 = LN1(h); s1 = h + drop(attention(x1)); out = s1 + drop(FFN(LN2(s1))).
            let normalizedInput = input.reserve(n * d)
            normalizedInput.update(from: h, count: n * d)
            Self.normalize(normalizedInput, rows: n, width: d, gamma: layer.attentionNormGamma,
                           beta: layer.attentionNormBeta, epsilon: c.layerNormEpsilon,
                           normalized: attentionNormalized, deviation: attentionDeviation)
            attention(layer, configuration: c, batch: batch, input: normalizedInput, adapters: adapters, dropout: &dropout)
            OperationProfile.shared.measure(.elementwise) {
                Self.biasDropoutResidual(attended, rows: n, width: d, bias: layer.attentionOutputBias,
                                         keep: attentionOutputKeep, residual: h)
                h.update(from: attended, count: n * d)
            }
            Self.normalize(h, rows: n, width: d, gamma: layer.outputNormGamma, beta: layer.outputNormBeta,
                           epsilon: c.layerNormEpsilon, normalized: outputNormalized, deviation: outputDeviation)
            feedForward(layer, configuration: c, rows: n, input: h, residual: attended, output: h)
        } else {
            // s1 = LN1(h + drop(attention(h))); out = LN2(s1 + drop(FFN(s1))).
            if adapters != nil { input.reserve(n * d).update(from: h, count: n * d) }
            attention(layer, configuration: c, batch: batch, input: h, adapters: adapters, dropout: &dropout)
            OperationProfile.shared.measure(.elementwise) {
                Self.biasDropoutResidual(attended, rows: n, width: d, bias: layer.attentionOutputBias,
                                         keep: attentionOutputKeep, residual: h)
            }
            Self.normalize(attended, rows: n, width: d, gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta,
                           epsilon: c.layerNormEpsilon, normalized: attentionNormalized, deviation: attentionDeviation)
            feedForward(layer, configuration: c, rows: n, input: attended, residual: attended, output: h)
            Self.normalize(h, rows: n, width: d, gamma: layer.outputNormGamma, beta: layer.outputNormBeta,
                           epsilon: c.layerNormEpsilon, normalized: outputNormalized, deviation: outputDeviation)
        }
    }

    /// Self-attention on `x` with the Q, V and O adapters: leaves the output projection's result (O adapters
    /// included, bias not yet) in `attended`, keeping q, k, v, the probabilities and the heads' outputs.
    private func attention(_ layer: ModelWeights.Layer, configuration c: ModelConfiguration, batch: PackedBatch,
                           input x: UnsafeMutablePointer<Float>, adapters: LayerAdapters?, dropout: inout DropoutSource?) {
        let n = batch.tokenCount, d = c.hiddenSize
        let qkv = self.qkv.reserve(n * 3 * d), context = self.context.reserve(n * d), attended = self.attended.pointer
        let probabilities = self.probabilities.reserve(SelfAttention.probabilityCount(batch, headCount: c.headCount))
        let profile = OperationProfile.shared
        profile.measure(.projections) {
            Linear.apply(x, rows: n, inputs: d, weight: layer.qkvWeight, bias: layer.qkvBias, into: qkv)
        }
        if let adapters {
            profile.measure(.adapters) {
                addQueryAndValueAdapters(adapters, input: x, qkv: qkv, rows: n, dropout: &dropout)
            }
        }
        profile.measure(.attention) {
            SelfAttention.apply(qkv: qkv, context: context, batch: batch, headCount: c.headCount, headSize: c.headSize,
                                causal: c.family.isCausal, probabilities: probabilities, keep: attentionKeep,
                                scratch: scratch.attention)
        }
        profile.measure(.projections) {
            Linear.apply(context, rows: n, inputs: d, weight: layer.attentionOutputWeight, bias: nil, into: attended)
        }
        if let adapters {
            profile.measure(.adapters) {
                addOutputAdapters(adapters, context: context, output: attended, rows: n, dropout: &dropout)
            }
        }
    }

    /// The feed-forward block: `output = drop(act(input W1ᵀ + b1) W2ᵀ + b2) + residual`, keeping the
    /// pre-activation for the backward pass.
    private func feedForward(_ layer: ModelWeights.Layer, configuration c: ModelConfiguration, rows n: Int,
                             input: UnsafeMutablePointer<Float>, residual: UnsafePointer<Float>,
                             output: UnsafeMutablePointer<Float>) {
        let d = c.hiddenSize, ff = c.intermediateSize
        let preActivation = self.preActivation.reserve(n * ff), activation = scratch.activation.reserve(n * ff)
        let profile = OperationProfile.shared
        profile.measure(.feedForward) {
            Linear.apply(input, rows: n, inputs: d, weight: layer.intermediateWeight, bias: nil, into: preActivation)
        }
        profile.measure(.elementwise) {
            layer.intermediateBias.scalars.withUnsafeBufferPointer { bias in
                Elementwise.addBiasGELU(preActivation, rows: n, width: ff, bias: bias.baseAddress!, activation: activation,
                                        kind: c.activation)
            }
        }
        profile.measure(.feedForward) {
            Linear.apply(activation, rows: n, inputs: ff, weight: layer.outputWeight, bias: nil, into: output)
        }
        profile.measure(.elementwise) {
            Self.biasDropoutResidual(output, rows: n, width: d, bias: layer.outputBias, keep: outputKeep, residual: residual)
        }
    }

    /// The Q adapters (input X) and V adapters (kernel-wise: input the frozen key; shared: input X).
    /// Their masks are drawn in a fixed order (per-head Q, per-head V, shared Q, shared V),
    /// the order of kmix's first implementation, so that a seed keeps drawing the same masks.
    private func addQueryAndValueAdapters(_ adapters: LayerAdapters, input: UnsafePointer<Float>,
                                          qkv: UnsafeMutablePointer<Float>, rows n: Int, dropout: inout DropoutSource?) {
        let query = adapters.pack.query, value = adapters.pack.value
        let d = query?.width ?? value?.width ?? 0, rate = dropout?.adapterRate, count = n * d
        if (query?.kernelRank ?? 0) > 0 { queryPath.kernelKeep.draw(count, rate: rate, from: &dropout) }
        if (value?.kernelRank ?? 0) > 0 { valuePath.kernelKeep.draw(count, rate: rate, from: &dropout) }
        if (query?.sharedRank ?? 0) > 0 { queryPath.sharedKeep.draw(count, rate: rate, from: &dropout) }
        if (value?.sharedRank ?? 0) > 0 { valuePath.sharedKeep.draw(count, rate: rate, from: &dropout) }
        let layerInput = ProjectionPath.Operand(values: input, stride: d)
        if let query {
            queryPath.forward(query, kernel: layerInput, shared: layerInput, output: qkv, outputStride: 3 * d,
                              rows: n, scratch: scratch.adapters)
        }
        if let value {
            valuePath.forward(value, kernel: .init(values: qkv + d, stride: 3 * d), shared: layerInput,
                              output: qkv + 2 * d, outputStride: 3 * d, rows: n, scratch: scratch.adapters)
        }
    }

    /// The O adapters: input the heads' attention outputs; per-head mask first, then shared.
    private func addOutputAdapters(_ adapters: LayerAdapters, context: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>, rows n: Int, dropout: inout DropoutSource?) {
        guard let adapter = adapters.pack.output else { return }
        let d = adapter.width, rate = dropout?.adapterRate
        if adapter.kernelRank > 0 { outputPath.kernelKeep.draw(n * d, rate: rate, from: &dropout) }
        if adapter.sharedRank > 0 { outputPath.sharedKeep.draw(n * d, rate: rate, from: &dropout) }
        let heads = ProjectionPath.Operand(values: context, stride: d)
        outputPath.forward(adapter, kernel: heads, shared: heads, output: output, outputStride: d, rows: n,
                           scratch: scratch.adapters)
    }

    /// Layer-normalises `rows` rows of `x` in place, saving the normalised input and the
    /// reciprocal deviations the backward pass needs.
    private static func normalize(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, gamma: Tensor, beta: Tensor,
                                  epsilon: Float, normalized: ReusableBuffer<Float>, deviation: ReusableBuffer<Float>) {
        let normalized = normalized.reserve(rows * width), deviation = deviation.reserve(rows)
        OperationProfile.shared.measure(.elementwise) {
            LayerNorm.forward(x, rows: rows, width: width, weights: gamma, beta, epsilon: epsilon,
                              normalized: normalized, reciprocalDeviation: deviation)
        }
    }

    /// `x = (x + bias) ⊙ keep + residual`, row by row (no dropout when `keep` is inactive).
    static func biasDropoutResidual(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: Tensor,
                                    keep: MaskBuffer, residual: UnsafePointer<Float>) {
        bias.scalars.withUnsafeBufferPointer { b in
            guard let kept = keep.kept else {
                Elementwise.addBiasResidual(x, rows: rows, width: width, bias: b.baseAddress!, residual: residual)
                return
            }
            let scale = keep.scale
            for row in 0..<rows {
                let v = x + row * width, r = residual + row * width, f = kept + row * width
                for i in 0..<width { v[i] = (v[i] + b[i]) * (Float(f[i]) * scale) + r[i] }
            }
        }
    }
}
