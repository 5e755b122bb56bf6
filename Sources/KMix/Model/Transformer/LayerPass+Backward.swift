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
        let n = tokens, d = c.hiddenSize
        let dH1 = scratch.attentionGradient.reserve(n * d)
        let profile = OperationProfile.shared
        if c.family.normalizesFirst {
            // out = S1 + drop(FFN(LN2(S1))): dL/dS1 starts as a copy of dL/dout.
            profile.measure(.elementwise) { outputKeep.apply(to: dOut, count: n * d, copyingTo: dH1) }
            feedForwardBackward(layer, configuration: c, gradient: dOut, inputGradient: dOut, accumulate: false)
            profile.measure(.elementwise) {
                LayerNorm.backward(dOut, rows: n, width: d, gamma: layer.outputNormGamma,
                                   normalized: outputNormalized.pointer, reciprocalDeviation: outputDeviation.pointer)
                for i in 0..<(n * d) { dH1[i] += dOut[i] }
            }
        } else {
            profile.measure(.elementwise) {
                LayerNorm.backward(dOut, rows: n, width: d, gamma: layer.outputNormGamma,
                                   normalized: outputNormalized.pointer, reciprocalDeviation: outputDeviation.pointer)
            }
            // dOut now holds dL/dS2; S2 = drop(FFN) + h1, so dL/dh1 starts as a copy of it.
            profile.measure(.elementwise) { outputKeep.apply(to: dOut, count: n * d, copyingTo: dH1) }
            feedForwardBackward(layer, configuration: c, gradient: dOut, inputGradient: dH1, accumulate: true)
            profile.measure(.elementwise) {
                LayerNorm.backward(dH1, rows: n, width: d, gamma: layer.attentionNormGamma,
                                   normalized: attentionNormalized.pointer, reciprocalDeviation: attentionDeviation.pointer)
            }
        }
        // dH1 holds dL/dS1; S1 = drop(attention output) + X: dOut gets the residual's share, dH1 the attention's.
        profile.measure(.elementwise) { attentionOutputKeep.apply(to: dH1, count: n * d, copyingTo: dOut) }
        guard c.family.normalizesFirst, needsInputGradient else {
            attentionBackward(layer, configuration: c, batch: batch, outputGradient: dH1, adapters: adapters,
                              gradients: gradients, inputGradient: needsInputGradient ? dOut : nil, gateGradients: gateGradients)
            return
        }
        // X = LN1(h): the attention's input gradient passes through the first layer norm before joining dOut.
        let dX = scratch.inputGradient.zeroed(n * d)
        attentionBackward(layer, configuration: c, batch: batch, outputGradient: dH1, adapters: adapters,
                          gradients: gradients, inputGradient: dX, gateGradients: gateGradients)
        profile.measure(.elementwise) {
            LayerNorm.backward(dX, rows: n, width: d, gamma: layer.attentionNormGamma,
                               normalized: attentionNormalized.pointer, reciprocalDeviation: attentionDeviation.pointer)
            for i in 0..<(n * d) { dOut[i] += dX[i] }
        }
    }

    /// The feed-forward block's backward pass: `gradient` holds dL/d(its output) after dropout's mask; adds
    /// (`accumulate`) or writes dL/d(its input) to `inputGradient` (which may be `gradient` itself when writing).
    private func feedForwardBackward(_ layer: ModelWeights.Layer, configuration c: ModelConfiguration,
                                     gradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
                                     accumulate: Bool) {
        let n = tokens, d = c.hiddenSize, ff = c.intermediateSize
        let dAct = scratch.activation.reserve(n * ff), profile = OperationProfile.shared
        layer.outputWeight.scalars.withUnsafeBufferPointer { w2 in
            profile.measure(.feedForward) {
                BLAS.gemm(.none, .none, m: n, n: ff, k: d, a: gradient, lda: d, b: w2.baseAddress!, ldb: ff, c: dAct, ldc: ff)
            }
        }
        let preActivation = self.preActivation.pointer, activation = c.activation
        profile.measure(.elementwise) {
            for i in 0..<(n * ff) { dAct[i] *= Elementwise.derivative(preActivation[i], activation) }
        }
        layer.intermediateWeight.scalars.withUnsafeBufferPointer { w1 in
            profile.measure(.feedForward) {
                BLAS.gemm(.none, .none, m: n, n: d, k: ff, a: dAct, lda: ff, b: w1.baseAddress!,
                          ldb: d, beta: accumulate ? 1 : 0, c: inputGradient, ldc: d)
            }
        }
    }

    /// The attention block's backward pass from dL/d(output projection), `outputGradient` (dropout's mask
    /// applied): the O, Q and V adapters' gradients, the head gates', and, with `inputGradient`, dL/dX added to it.
    private func attentionBackward(_ layer: ModelWeights.Layer, configuration c: ModelConfiguration, batch: PackedBatch,
                                   outputGradient dH1: UnsafeMutablePointer<Float>, adapters: LayerAdapters?,
                                   gradients: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
                                   gateGradients: UnsafeMutablePointer<Float>?) {
        let n = tokens, d = c.hiddenSize
        let dContext = scratch.contextGradient.reserve(n * d), dQKV = scratch.qkvGradient.reserve(n * 3 * d)
        let profile = OperationProfile.shared
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
                                   keep: attentionKeep, qkvGradient: dQKV, keyGradient: inputGradient != nil,
                                   batch: batch, headCount: c.headCount, headSize: c.headSize, scratch: scratch.attention)
        }
        if let adapters {
            profile.measure(.adapters) {
                queryValueAdapterBackward(adapters, qkvGradient: dQKV, inputGradient: inputGradient,
                                          gradients: gradients, width: d)
            }
        }
        if let inputGradient {
            layer.qkvWeight.scalars.withUnsafeBufferPointer { w in
                profile.measure(.projections) {
                    BLAS.gemm(.none, .none, m: n, n: d, k: 3 * d, a: dQKV, lda: 3 * d,
                              b: w.baseAddress!, ldb: d, beta: 1, c: inputGradient, ldc: d)
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
