extension LayerPass {
    /// Back-propagates the gradient of this pass's output.
    ///
    /// - Parameters:
    ///   - gradient: on entry dL/d(output), `tokens x d`; on return dL/d(input)
    ///     when `needsInputGradient`, else unspecified.
    ///   - gradients: the adapter store's gradient (same layout as its values); adapter gradients are added.
    ///   - gateGradients: when given, receives for each (sequence, head) `Σ_t ⟨a_h(t), ∂L/∂a_h(t)⟩`: the
    ///     derivative of the loss with respect to a gate multiplying the head's output (`sequences x heads`).
    /// Frozen weights get no gradients.
    func backward(_ layer: BertWeights.Layer, configuration c: BertConfiguration, batch: PackedBatch,
                  gradient: inout [Float], adapters: AdapterSet?, gradients: inout [Float], needsInputGradient: Bool,
                  gateGradients: UnsafeMutablePointer<Float>? = nil) {
        let n = tokens, d = c.hiddenSize, ff = c.intermediateSize
        var attentionGradient = [Float](repeating: 0, count: n * d)
        var contextGradient = [Float](repeating: 0, count: n * d)
        var qkvGradient = [Float](repeating: 0, count: n * 3 * d)
        var activationGradient = [Float](repeating: 0, count: n * ff)
        let profile = OperationProfile.shared
        gradient.withUnsafeMutableBufferPointer { g in
            let dOut = g.baseAddress!
            outputNormalized.withUnsafeBufferPointer { normalized in
                outputDeviation.withUnsafeBufferPointer { deviation in
                    profile.measure(.elementwise) {
                        LayerNorm.backward(dOut, rows: n, width: d, gamma: layer.outputNormGamma,
                                           normalized: normalized.baseAddress!, reciprocalDeviation: deviation.baseAddress!)
                    }
                }
            }
            // dOut now holds dL/dS2; S2 = drop(FFN) + h1, so dL/dh1 starts as a copy of it.
            attentionGradient.withUnsafeMutableBufferPointer { dH1 in
                profile.measure(.elementwise) {
                    for i in 0..<(n * d) { dH1[i] = dOut[i] }
                    outputKeep.apply(to: dOut, count: n * d)
                }
                activationGradient.withUnsafeMutableBufferPointer { dAct in
                    layer.outputWeight.scalars.withUnsafeBufferPointer { w2 in
                        profile.measure(.feedForward) {
                            BLAS.gemm(.none, .none, m: n, n: ff, k: d, a: dOut, lda: d, b: w2.baseAddress!, ldb: ff,
                                      c: dAct.baseAddress!, ldc: ff)
                        }
                    }
                    preActivation.withUnsafeBufferPointer { pre in
                        profile.measure(.elementwise) {
                            for i in 0..<(n * ff) { dAct[i] *= Elementwise.geluDerivative(pre[i]) }
                        }
                    }
                    layer.intermediateWeight.scalars.withUnsafeBufferPointer { w1 in
                        profile.measure(.feedForward) {
                            BLAS.gemm(.none, .none, m: n, n: d, k: ff, a: dAct.baseAddress!, lda: ff, b: w1.baseAddress!,
                                      ldb: d, beta: 1, c: dH1.baseAddress!, ldc: d)
                        }
                    }
                }
                attentionNormalized.withUnsafeBufferPointer { normalized in
                    attentionDeviation.withUnsafeBufferPointer { deviation in
                        profile.measure(.elementwise) {
                            LayerNorm.backward(dH1.baseAddress!, rows: n, width: d, gamma: layer.attentionNormGamma,
                                               normalized: normalized.baseAddress!, reciprocalDeviation: deviation.baseAddress!)
                        }
                    }
                }
                // dH1 holds dL/dS1; S1 = drop(attention output) + X.
                profile.measure(.elementwise) {
                    for i in 0..<(n * d) { dOut[i] = dH1[i] }
                    attentionOutputKeep.apply(to: dH1.baseAddress!, count: n * d)
                }
                contextGradient.withUnsafeMutableBufferPointer { dContext in
                    layer.attentionOutputWeight.scalars.withUnsafeBufferPointer { wo in
                        profile.measure(.projections) {
                            BLAS.gemm(.none, .none, m: n, n: d, k: d, a: dH1.baseAddress!, lda: d, b: wo.baseAddress!,
                                      ldb: d, c: dContext.baseAddress!, ldc: d)
                        }
                    }
                    if pack != nil {
                        profile.measure(.adapters) {
                            outputAdapterBackward(attentionGradient: dH1.baseAddress!, contextGradient: dContext.baseAddress!,
                                                  values: adapters!.store.values, gradients: &gradients)
                        }
                    }
                    if let gateGradients {
                        headGateGradients(contextGradient: dContext.baseAddress!, batch: batch,
                                          headCount: c.headCount, headSize: c.headSize, into: gateGradients)
                    }
                    qkv.withUnsafeBufferPointer { qkv in
                        probabilities.withUnsafeBufferPointer { p in
                            qkvGradient.withUnsafeMutableBufferPointer { dQKV in
                                profile.measure(.attention) {
                                    SelfAttention.backward(contextGradient: dContext.baseAddress!, qkv: qkv.baseAddress!,
                                                           probabilities: p.baseAddress!, keep: attentionKeep,
                                                           qkvGradient: dQKV.baseAddress!, batch: batch,
                                                           headCount: c.headCount, headSize: c.headSize)
                                }
                            }
                        }
                    }
                }
            }
            qkvGradient.withUnsafeMutableBufferPointer { dQKV in
                if pack != nil {
                    profile.measure(.adapters) {
                        queryValueAdapterBackward(qkvGradient: dQKV.baseAddress!, inputGradient: dOut,
                                                  needsInputGradient: needsInputGradient,
                                                  values: adapters!.store.values, gradients: &gradients)
                    }
                }
                if needsInputGradient {
                    layer.qkvWeight.scalars.withUnsafeBufferPointer { w in
                        profile.measure(.projections) {
                            BLAS.gemm(.none, .none, m: n, n: d, k: 3 * d, a: dQKV.baseAddress!, lda: 3 * d,
                                      b: w.baseAddress!, ldb: d, beta: 1, c: dOut, ldc: d)
                        }
                    }
                }
            }
        }
    }

    /// The O adapters' gradients; their inputs' gradients go to `contextGradient`.
    private func outputAdapterBackward(attentionGradient: UnsafePointer<Float>, contextGradient: UnsafeMutablePointer<Float>,
                                       values: [Float], gradients: inout [Float]) {
        let pack = pack!, layout = pack.layout, d = pack.hiddenSize
        values.withUnsafeBufferPointer { v in
            let store = v.baseAddress!
            if let path = kernelPaths[.output], let b = layout.outputB, let bias = layout.outputBias {
                let result = pack.outputA.withUnsafeBufferPointer { a in
                    context.withUnsafeBufferPointer { x in
                        path.backward(outputGradient: attentionGradient, stride: d, x: x.baseAddress!, xStride: d,
                                      a: a.baseAddress!, b: store + b.lowerBound,
                                      inputGradient: contextGradient, inputStride: d)
                    }
                }
                pack.scatterRowBlocks(.output, matrix: result.a, into: &gradients)
                Self.add(result.b, to: &gradients, at: b)
                Self.add(result.bias, to: &gradients, at: bias)
            }
            if let path = sharedPaths[.output] {
                context.withUnsafeBufferPointer { x in
                    sharedBackward(path, .output, outputGradient: attentionGradient, stride: d, x: x.baseAddress!,
                                   store: store, inputGradient: contextGradient, gradients: &gradients)
                }
            }
        }
    }

    /// The Q and V adapters' gradients. The kernel-wise V adapter's input is the
    /// key, so its input gradient joins the key's gradient in `qkvGradient`.
    private func queryValueAdapterBackward(qkvGradient: UnsafeMutablePointer<Float>, inputGradient: UnsafeMutablePointer<Float>,
                                           needsInputGradient: Bool, values: [Float], gradients: inout [Float]) {
        let pack = pack!, layout = pack.layout, d = pack.hiddenSize
        let dInput = needsInputGradient ? inputGradient : nil
        values.withUnsafeBufferPointer { v in
            let store = v.baseAddress!
            if let path = kernelPaths[.value] {
                let result = pack.valueA.withUnsafeBufferPointer { a in
                    pack.valueB.withUnsafeBufferPointer { b in
                        qkv.withUnsafeBufferPointer { keys in
                            path.backward(outputGradient: qkvGradient + 2 * d, stride: 3 * d,
                                          x: keys.baseAddress! + d, xStride: 3 * d, a: a.baseAddress!,
                                          b: b.baseAddress!, inputGradient: qkvGradient + d, inputStride: 3 * d)
                        }
                    }
                }
                pack.scatterRowBlocks(.value, matrix: result.a, into: &gradients)
                pack.scatterBlocks(.value, matrix: result.b, bias: result.bias, into: &gradients)
            }
            if let path = kernelPaths[.query], let a = layout.stackedA[.query] {
                let result = pack.queryB.withUnsafeBufferPointer { b in
                    input.withUnsafeBufferPointer { x in
                        path.backward(outputGradient: qkvGradient, stride: 3 * d, x: x.baseAddress!, xStride: d,
                                      a: store + a.lowerBound, b: b.baseAddress!, inputGradient: dInput, inputStride: d)
                    }
                }
                Self.add(result.a, to: &gradients, at: a)
                pack.scatterBlocks(.query, matrix: result.b, bias: result.bias, into: &gradients)
            }
            for (projection, column) in [(Projection.query, 0), (.value, 2 * d)] {
                guard let path = sharedPaths[projection] else { continue }
                input.withUnsafeBufferPointer { x in
                    sharedBackward(path, projection, outputGradient: qkvGradient + column, stride: 3 * d,
                                   x: x.baseAddress!, store: store, inputGradient: dInput, gradients: &gradients)
                }
            }
        }
    }

    /// A shared path's gradients; its input `x` has the hidden width as row stride.
    private func sharedBackward(_ path: LowRankPath, _ projection: Projection, outputGradient: UnsafePointer<Float>,
                                stride: Int, x: UnsafePointer<Float>, store: UnsafePointer<Float>,
                                inputGradient: UnsafeMutablePointer<Float>?, gradients: inout [Float]) {
        let layout = pack!.layout
        let a = layout.sharedA[projection]!, b = layout.sharedB[projection]!
        let result = path.backward(outputGradient: outputGradient, stride: stride, x: x, xStride: pack!.hiddenSize,
                                   a: store + a.lowerBound,
                                   b: store + b.lowerBound, inputGradient: inputGradient, inputStride: pack!.hiddenSize)
        Self.add(result.a, to: &gradients, at: a)
        Self.add(result.b, to: &gradients, at: b)
    }

    /// For each (sequence, head): `Σ_t ⟨a_h(t), ∂L/∂a_h(t)⟩` over the sequence's tokens.
    private func headGateGradients(contextGradient: UnsafePointer<Float>, batch: PackedBatch, headCount: Int,
                                   headSize: Int, into gates: UnsafeMutablePointer<Float>) {
        let d = headCount * headSize
        context.withUnsafeBufferPointer { context in
            for sequence in 0..<batch.count {
                for head in 0..<headCount {
                    var total: Float = 0
                    for token in batch.offsets[sequence]..<(batch.offsets[sequence] + batch.lengths[sequence]) {
                        let base = token * d + head * headSize
                        total += Reduction.dot(context.baseAddress! + base, contextGradient + base, count: headSize)
                    }
                    gates[sequence * headCount + head] = total
                }
            }
        }
    }

    static func add(_ values: [Float], to gradients: inout [Float], at range: Range<Int>) {
        for (offset, value) in values.enumerated() { gradients[range.lowerBound + offset] += value }
    }

}
