/// One transformer layer's forward pass over a packed batch, with Kernel-mix
/// adapters when given, keeping what its backward pass (`LayerPass+Backward`)
/// needs. Inference and training run this same code.
///
/// Buffers grow to the largest batch seen and are reused by later passes.
final class LayerPass {
    /// Tokens of the last forward pass.
    private(set) var tokens = 0
    /// The layer's input, `tokens x d`, kept when the layer has adapters (the
    /// input of its Q and shared V adapters in the backward pass).
    var input: [Float] = []
    /// Adapted queries, frozen keys, adapted values: `tokens x 3d`.
    var qkv: [Float] = []
    /// Attention probabilities before dropout, laid out by `SelfAttention.ProbabilityLayout`.
    var probabilities: [Float] = []
    /// Attention-dropout factors (empty without dropout).
    var attentionKeep = DropoutMask.none
    /// Concatenated head outputs, `tokens x d`.
    var context: [Float] = []
    /// Output projection, later the first layer norm's output: `tokens x d`.
    var attended: [Float] = []
    /// The first layer norm's normalised input and reciprocal deviations.
    var attentionNormalized: [Float] = []
    var attentionDeviation: [Float] = []
    /// Hidden-dropout factors on the attention output (empty without dropout).
    var attentionOutputKeep = DropoutMask.none
    /// Feed-forward pre-activation, `tokens x ff` (kept for the backward pass).
    var preActivation: [Float] = []
    /// Scratch for the feed-forward activation, which the backward pass does not
    /// need: the passes of one worker's layers share it.
    let scratch: LayerScratch
    /// Hidden-dropout factors on the feed-forward output (empty without dropout).
    var outputKeep = DropoutMask.none
    /// The second layer norm's normalised input and reciprocal deviations.
    var outputNormalized: [Float] = []
    var outputDeviation: [Float] = []
    /// A pass using `scratch` for its feed-forward activation (a new one when not given).
    init(scratch: LayerScratch = LayerScratch()) {
        self.scratch = scratch
    }

    /// The adapters as used by this pass, and their saved paths.
    var pack: LayerAdapterPack?
    var kernelPaths: [Projection: LowRankPath] = [:]
    var sharedPaths: [Projection: LowRankPath] = [:]

    /// Runs `layer` on `hidden` (`tokens x d`, replaced by the layer's output).
    func forward(_ layer: BertWeights.Layer, configuration c: BertConfiguration, batch: PackedBatch,
                 hidden: inout [Float], adapters: AdapterSet?, layerIndex: Int, dropout: inout DropoutSource?) {
        let n = batch.tokenCount, d = c.hiddenSize, ff = c.intermediateSize
        tokens = n
        grow(&qkv, n * 3 * d)
        grow(&context, n * d)
        grow(&attended, n * d)
        grow(&attentionNormalized, n * d)
        grow(&attentionDeviation, n)
        grow(&preActivation, n * ff)
        grow(&scratch.activation, n * ff)
        grow(&outputNormalized, n * d)
        grow(&outputDeviation, n)
        let layout = SelfAttention.ProbabilityLayout(batch: batch, headCount: c.headCount)
        grow(&probabilities, layout.count)
        attentionKeep = dropout?.attentionMask(layout.count) ?? .none
        attentionOutputKeep = dropout?.hiddenMask(n * d) ?? .none
        outputKeep = dropout?.hiddenMask(n * d) ?? .none
        kernelPaths = [:]
        sharedPaths = [:]
        let layerLayout = adapters.map { $0.layouts[layerIndex] }
        pack = layerLayout.flatMap { $0.isAdapted ? LayerAdapterPack(
            layout: $0, values: adapters!.store.values, hiddenSize: d, headSize: c.headSize) : nil }

        if pack != nil {
            grow(&input, n * d)
            input.withUnsafeMutableBufferPointer { saved in
                hidden.withUnsafeBufferPointer { h in saved.baseAddress!.update(from: h.baseAddress!, count: n * d) }
            }
        }
        let profile = OperationProfile.shared
        hidden.withUnsafeMutableBufferPointer { h in
            qkv.withUnsafeMutableBufferPointer { qkv in
                profile.measure(.projections) {
                    Linear.apply(h.baseAddress!, rows: n, inputs: d, weight: layer.qkvWeight, bias: layer.qkvBias,
                                 into: qkv.baseAddress!)
                }
                if pack != nil {
                    profile.measure(.adapters) {
                        addQueryAndValueAdapters(input: h.baseAddress!, qkv: qkv.baseAddress!, rows: n,
                                                 values: adapters!.store.values, dropout: &dropout)
                    }
                }
                context.withUnsafeMutableBufferPointer { context in
                    probabilities.withUnsafeMutableBufferPointer { p in
                        profile.measure(.attention) {
                            SelfAttention.apply(qkv: qkv.baseAddress!, context: context.baseAddress!, batch: batch,
                                                headCount: c.headCount, headSize: c.headSize,
                                                probabilities: p.baseAddress!, keep: attentionKeep)
                        }
                    }
                    attended.withUnsafeMutableBufferPointer { attended in
                        profile.measure(.projections) {
                            Linear.apply(context.baseAddress!, rows: n, inputs: d, weight: layer.attentionOutputWeight,
                                         bias: nil, into: attended.baseAddress!)
                        }
                        if pack != nil {
                            profile.measure(.adapters) {
                                addOutputAdapters(context: context.baseAddress!, output: attended.baseAddress!, rows: n,
                                                  values: adapters!.store.values, dropout: &dropout)
                            }
                        }
                    }
                }
            }
            attended.withUnsafeMutableBufferPointer { attended in
                profile.measure(.elementwise) {
                    Self.biasDropoutResidual(attended.baseAddress!, rows: n, width: d, bias: layer.attentionOutputBias,
                                             keep: attentionOutputKeep, residual: h.baseAddress!)
                }
                Self.normalize(attended.baseAddress!, rows: n, width: d, gamma: layer.attentionNormGamma,
                               beta: layer.attentionNormBeta, epsilon: c.layerNormEpsilon,
                               normalized: &attentionNormalized, deviation: &attentionDeviation)
                preActivation.withUnsafeMutableBufferPointer { pre in
                    scratch.activation.withUnsafeMutableBufferPointer { act in
                        profile.measure(.feedForward) {
                            Linear.apply(attended.baseAddress!, rows: n, inputs: d, weight: layer.intermediateWeight,
                                         bias: layer.intermediateBias, into: pre.baseAddress!)
                        }
                        profile.measure(.elementwise) {
                            for i in 0..<(n * ff) { act[i] = Elementwise.gelu(pre[i]) }
                        }
                        profile.measure(.feedForward) {
                            Linear.apply(act.baseAddress!, rows: n, inputs: ff, weight: layer.outputWeight, bias: nil,
                                         into: h.baseAddress!)
                        }
                    }
                }
                profile.measure(.elementwise) {
                    Self.biasDropoutResidual(h.baseAddress!, rows: n, width: d, bias: layer.outputBias,
                                             keep: outputKeep, residual: attended.baseAddress!)
                }
            }
            Self.normalize(h.baseAddress!, rows: n, width: d, gamma: layer.outputNormGamma, beta: layer.outputNormBeta,
                           epsilon: c.layerNormEpsilon, normalized: &outputNormalized, deviation: &outputDeviation)
        }
    }

    /// The Q adapters (input X) and V adapters (kernel-wise: input the frozen key; shared: input X).
    private func addQueryAndValueAdapters(input: UnsafePointer<Float>, qkv: UnsafeMutablePointer<Float>, rows n: Int,
                                          values: [Float], dropout: inout DropoutSource?) {
        let pack = pack!, layout = pack.layout, d = pack.hiddenSize
        values.withUnsafeBufferPointer { v in
            let store = v.baseAddress!
            if let range = layout.stackedA[.query], layout.totalRank[.query]! > 0 {
                kernelPaths[.query] = pack.queryB.withUnsafeBufferPointer { b in
                    pack.queryBias.withUnsafeBufferPointer { bias in
                        LowRankPath(x: input, xStride: d, rows: n, inputWidth: d, a: store + range.lowerBound,
                                    b: b.baseAddress!, rank: layout.totalRank[.query]!, bias: bias.baseAddress!,
                                    output: qkv, outputStride: 3 * d, outputWidth: d,
                                    keep: adapterMask(n * d, &dropout))
                    }
                }
            }
            if layout.totalRank[.value]! > 0 {
                kernelPaths[.value] = pack.valueA.withUnsafeBufferPointer { a in
                    pack.valueB.withUnsafeBufferPointer { b in
                        pack.valueBias.withUnsafeBufferPointer { bias in
                            LowRankPath(x: qkv + d, xStride: 3 * d, rows: n, inputWidth: d, a: a.baseAddress!,
                                        b: b.baseAddress!, rank: layout.totalRank[.value]!, bias: bias.baseAddress!,
                                        output: qkv + 2 * d, outputStride: 3 * d, outputWidth: d,
                                        keep: adapterMask(n * d, &dropout))
                        }
                    }
                }
            }
            for (projection, column) in [(Projection.query, 0), (.value, 2 * d)] {
                guard let a = layout.sharedA[projection], let b = layout.sharedB[projection] else { continue }
                sharedPaths[projection] = LowRankPath(
                    x: input, xStride: d, rows: n, inputWidth: d, a: store + a.lowerBound, b: store + b.lowerBound,
                    rank: layout.sharedRank[projection]!, bias: nil, output: qkv + column, outputStride: 3 * d,
                    outputWidth: d, keep: adapterMask(n * d, &dropout))
            }
        }
    }

    /// The O adapters: input the heads' attention outputs.
    private func addOutputAdapters(context: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, rows n: Int,
                                   values: [Float], dropout: inout DropoutSource?) {
        let pack = pack!, layout = pack.layout, d = pack.hiddenSize
        values.withUnsafeBufferPointer { v in
            let store = v.baseAddress!
            if let b = layout.outputB, let bias = layout.outputBias {
                kernelPaths[.output] = pack.outputA.withUnsafeBufferPointer { a in
                    LowRankPath(x: context, xStride: d, rows: n, inputWidth: d, a: a.baseAddress!,
                                b: store + b.lowerBound, rank: layout.totalRank[.output]!,
                                bias: store + bias.lowerBound, output: output, outputStride: d, outputWidth: d,
                                keep: adapterMask(n * d, &dropout))
                }
            }
            if let a = layout.sharedA[.output], let b = layout.sharedB[.output] {
                sharedPaths[.output] = LowRankPath(
                    x: context, xStride: d, rows: n, inputWidth: d, a: store + a.lowerBound, b: store + b.lowerBound,
                    rank: layout.sharedRank[.output]!, bias: nil, output: output, outputStride: d, outputWidth: d,
                    keep: adapterMask(n * d, &dropout))
            }
        }
    }

    private func adapterMask(_ count: Int, _ dropout: inout DropoutSource?) -> DropoutMask {
        dropout?.adapterMask(count) ?? .none
    }

    /// Layer-normalises `rows` rows of `x` in place, saving the normalised input and the
    /// reciprocal deviations the backward pass needs.
    private static func normalize(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, gamma: Tensor, beta: Tensor,
                                  epsilon: Float, normalized: inout [Float], deviation: inout [Float]) {
        normalized.withUnsafeMutableBufferPointer { normalized in
            deviation.withUnsafeMutableBufferPointer { deviation in
                OperationProfile.shared.measure(.elementwise) {
                    LayerNorm.forward(x, rows: rows, width: width, weights: gamma, beta, epsilon: epsilon,
                                      normalized: normalized.baseAddress!, reciprocalDeviation: deviation.baseAddress!)
                }
            }
        }
    }

    /// `x = (x + bias) ⊙ keep + residual`, row by row (no dropout when `keep` is empty).
    static func biasDropoutResidual(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, bias: Tensor,
                                    keep: DropoutMask, residual: UnsafePointer<Float>) {
        bias.scalars.withUnsafeBufferPointer { b in
            guard !keep.isEmpty else {
                Elementwise.addBiasResidual(x, rows: rows, width: width, bias: b.baseAddress!, residual: residual)
                return
            }
            keep.kept.withUnsafeBufferPointer { k in
                let scale = keep.scale
                for row in 0..<rows {
                    let v = x + row * width, r = residual + row * width, f = k.baseAddress! + row * width
                    for i in 0..<width { v[i] = (v[i] + b[i]) * (Float(f[i]) * scale) + r[i] }
                }
            }
        }
    }
}

/// Memory that consecutive layer passes of one worker can share.
final class LayerScratch {
    /// The feed-forward activation of the layer being computed.
    var activation: [Float] = []
}

/// Makes `buffer` hold at least `count` elements, keeping it when it already does.
func grow(_ buffer: inout [Float], _ count: Int) {
    if buffer.count < count { buffer = [Float](repeating: 0, count: count) }
}
