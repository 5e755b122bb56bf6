extension LayerPass {
    /// Back-propagates the gradient of this pass's output.
    ///
    /// - Parameters:
    ///   - gradient: on entry dL/d(output), `tokens x d`; on return dL/d(input)
    ///     when `needsInputGradient`, else unspecified.
    ///   - adapters: the adapters the forward pass ran with.
    ///   - gradients: the adapter store's gradient (same layout as its values); adapter gradients are added.
    ///   - gateGradients: when given, receives for each (sequence, head) `Σ_t ⟨a_h(t), ∂L/∂a_h(t)⟩`: the
    ///     derivative of the loss with respect to a gate multiplying the head's output (`sequences x heads`).
    /// Frozen weights get no gradients.
    func backward(_ layer: ModelWeights.Layer, configuration c: ModelConfiguration, batch: PackedBatch,
                  gradient dOut: UnsafeMutablePointer<Float>, adapters: LayerAdapters?,
                  gradients: UnsafeMutablePointer<Float>, needsInputGradient: Bool,
                  gateGradients: UnsafeMutablePointer<Float>? = nil) {
        let n = tokens, d = c.hiddenSize, ff = c.intermediateSize
        let dH1 = scratch.attentionGradient.reserve(n * d), dContext = scratch.contextGradient.reserve(n * d)
        let dQKV = scratch.qkvGradient.reserve(n * 3 * d), dAct = scratch.activation.reserve(n * ff)
        let profile = OperationProfile.shared
        profile.measure(.elementwise) {
            LayerNorm.backward(dOut, rows: n, width: d, gamma: layer.outputNormGamma,
                               normalized: outputNormalized.pointer, reciprocalDeviation: outputDeviation.pointer)
        }
        // dOut now holds dL/dS2; S2 = drop(FFN) + h1, so dL/dh1 starts as a copy of it.
        profile.measure(.elementwise) { outputKeep.apply(to: dOut, count: n * d, copyingTo: dH1) }
        layer.outputWeight.scalars.withUnsafeBufferPointer { w2 in
            profile.measure(.feedForward) {
                BLAS.gemm(.none, .none, m: n, n: ff, k: d, a: dOut, lda: d, b: w2.baseAddress!, ldb: ff, c: dAct, ldc: ff)
            }
        }
        let preActivation = self.preActivation.pointer
        profile.measure(.elementwise) {
            for i in 0..<(n * ff) { dAct[i] *= Elementwise.geluDerivative(preActivation[i]) }
        }
        layer.intermediateWeight.scalars.withUnsafeBufferPointer { w1 in
            profile.measure(.feedForward) {
                BLAS.gemm(.none, .none, m: n, n: d, k: ff, a: dAct, lda: ff, b: w1.baseAddress!,
                          ldb: d, beta: 1, c: dH1, ldc: d)
            }
        }
        profile.measure(.elementwise) {
            LayerNorm.backward(dH1, rows: n, width: d, gamma: layer.attentionNormGamma,
                               normalized: attentionNormalized.pointer, reciprocalDeviation: attentionDeviation.pointer)
        }
        // dH1 holds dL/dS1; S1 = drop(attention output) + X.
        profile.measure(.elementwise) { attentionOutputKeep.apply(to: dH1, count: n * d, copyingTo: dOut) }
        layer.attentionOutputWeight.scalars.withUnsafeBufferPointer { wo in
            profile.measure(.projections) {
                BLAS.gemm(.none, .none, m: n, n: d, k: d, a: dH1, lda: d, b: wo.baseAddress!, ldb: d, c: dContext, ldc: d)
            }
        }
        if let adapter = adapters?.pack.output, outputPath.isActive {
            profile.measure(.adapters) {
                let heads = ProjectionPath.Operand(values: context.pointer, stride: d, gradient: dContext)
                outputPath.backward(adapter, outputGradient: dH1, stride: d, kernel: heads, shared: heads,
                                    gradients: gradients, scratch: scratch.adapters)
            }
        }
        if let gateGradients {
            headGateGradients(contextGradient: dContext, batch: batch, headCount: c.headCount, headSize: c.headSize,
                              into: gateGradients)
        }
        profile.measure(.attention) {
            SelfAttention.backward(contextGradient: dContext, qkv: qkv.pointer, probabilities: probabilities.pointer,
                                   keep: attentionKeep, qkvGradient: dQKV, keyGradient: needsInputGradient,
                                   batch: batch, headCount: c.headCount, headSize: c.headSize, scratch: scratch.attention)
        }
        if let adapters {
            profile.measure(.adapters) {
                queryValueAdapterBackward(adapters, qkvGradient: dQKV, inputGradient: needsInputGradient ? dOut : nil,
                                          gradients: gradients, width: d)
            }
        }
        if needsInputGradient {
            layer.qkvWeight.scalars.withUnsafeBufferPointer { w in
                profile.measure(.projections) {
                    BLAS.gemm(.none, .none, m: n, n: d, k: 3 * d, a: dQKV, lda: 3 * d,
                              b: w.baseAddress!, ldb: d, beta: 1, c: dOut, ldc: d)
                }
            }
        }
    }

    /// The Q and V adapters' gradients. The kernel-wise V adapter's input is the
    /// key, so its input gradient joins the key's gradient in `qkvGradient` (needed
    /// only for the layer's input gradient).
    private func queryValueAdapterBackward(_ adapters: LayerAdapters, qkvGradient: UnsafeMutablePointer<Float>,
                                           inputGradient: UnsafeMutablePointer<Float>?,
                                           gradients: UnsafeMutablePointer<Float>, width d: Int) {
        let layerInput = ProjectionPath.Operand(values: input.pointer, stride: d, gradient: inputGradient)
        if let value = adapters.pack.value, valuePath.isActive {
            let keys = ProjectionPath.Operand(values: qkv.pointer + d, stride: 3 * d,
                                              gradient: inputGradient == nil ? nil : qkvGradient + d)
            valuePath.backward(value, outputGradient: qkvGradient + 2 * d, stride: 3 * d, kernel: keys,
                               shared: layerInput, gradients: gradients, scratch: scratch.adapters)
        }
        if let query = adapters.pack.query, queryPath.isActive {
            queryPath.backward(query, outputGradient: qkvGradient, stride: 3 * d, kernel: layerInput,
                               shared: layerInput, gradients: gradients, scratch: scratch.adapters)
        }
    }

    /// For each (sequence, head): `Σ_t ⟨a_h(t), ∂L/∂a_h(t)⟩` over the sequence's tokens.
    private func headGateGradients(contextGradient: UnsafePointer<Float>, batch: PackedBatch, headCount: Int,
                                   headSize: Int, into gates: UnsafeMutablePointer<Float>) {
        let d = headCount * headSize, context = self.context.pointer
        for sequence in 0..<batch.count {
            for head in 0..<headCount {
                var total: Float = 0
                for token in batch.offsets[sequence]..<(batch.offsets[sequence] + batch.lengths[sequence]) {
                    let base = token * d + head * headSize
                    total += Reduction.dot(context + base, contextGradient + base, count: headSize)
                }
                gates[sequence * headCount + head] = total
            }
        }
    }
}
