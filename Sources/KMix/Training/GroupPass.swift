/// What every worker of one `KernelMixClassifier` pass shares, and the pass
/// of one sequence group: forward, and with labels the loss and the backward pass.
struct GroupPass: Sendable {
    let encoder: Transformer
    let adapters: AdapterSet
    /// Each layer's packed adapters (nil for layers without adapters), refilled for this pass.
    let packs: [LayerAdapterPack?]
    /// The lowest layer with adapters: no backward pass below it.
    let lowestAdaptedLayer: Int?
    /// Sequences in the whole batch (a group's loss gradient is scaled by its share).
    let sequences: Int
    /// Whether the workspaces hold labels (else: forward only).
    let labelled: Bool
    /// Whether to run the backward pass down to layer 0 and collect head statistics.
    let probing: Bool

    /// Runs the group of `workspace` with the parameter values `store`; leaves the logits in
    /// its head, and with labels its loss and gradient (and probe) in the workspace.
    func run(_ workspace: WorkerWorkspace, store: UnsafePointer<Float>) {
        let batch = workspace.batch, c = encoder.configuration
        let n = batch.tokenCount, d = c.hiddenSize, k = adapters.labelCount
        var dropout = workspace.dropout
        let profile = OperationProfile.shared
        let hidden = workspace.hidden.reserve(n * d)
        profile.measure(.elementwise) { encoder.embed(batch, into: hidden) }
        workspace.embeddingKeep.draw(n * d, rate: dropout?.hiddenRate, from: &dropout)
        workspace.embeddingKeep.apply(to: hidden, count: n * d)
        for (index, layer) in encoder.weights.layers.enumerated() {
            workspace.layers[index].forward(layer, configuration: c, batch: batch, hidden: hidden,
                                            adapters: adapters(index, store), dropout: &dropout)
        }
        if let norm = encoder.weights.finalNorm {
            profile.measure(.elementwise) {
                LayerNorm.forward(hidden, rows: n, width: d, weights: norm.gamma, norm.beta, epsilon: c.layerNormEpsilon,
                                  normalized: workspace.finalNormalized.reserve(n * d),
                                  reciprocalDeviation: workspace.finalDeviation.reserve(n))
            }
        }
        profile.measure(.head) {
            withHeadWeights(store) { pooler, classifier in
                workspace.head.forward(hidden: hidden, batch: batch, pooler: pooler, classifier: classifier,
                                       dropout: &dropout)
            }
        }
        guard labelled else { return }
        let weight = Float(batch.count) / Float(sequences)
        let logitGradient = workspace.logitGradient.reserve(batch.count * k)
        workspace.loss = CrossEntropy.lossAndGradient(logits: workspace.head.logits, labels: workspace.labels,
                                                      classes: k, scale: weight, gradient: logitGradient)
        let gradient = workspace.gradient.zeroed(adapters.store.count)
        let hiddenGradient = workspace.hiddenGradient.reserve(n * d)
        let layout = adapters.head
        profile.measure(.head) {
            withHeadWeights(store) { pooler, classifier in
                let targets = ClassificationHead.GradientTargets(
                    gradients: gradient, classifierWeight: layout.classifierWeight, classifierBias: layout.classifierBias,
                    pooler: layout.poolerWeight.map { ($0, layout.poolerBias!) }, hidden: hiddenGradient)
                workspace.head.backward(logitGradient: logitGradient, batch: batch, pooler: pooler?.weight,
                                        classifierWeight: classifier.weight, into: targets)
            }
        }
        if let norm = encoder.weights.finalNorm {
            profile.measure(.elementwise) {
                LayerNorm.backward(hiddenGradient, rows: n, width: d, gamma: norm.gamma,
                                   normalized: workspace.finalNormalized.pointer,
                                   reciprocalDeviation: workspace.finalDeviation.pointer)
            }
        }
        workspace.probe = probing ? HeadProbeSample(layers: c.layerCount, heads: c.headCount) : nil
        guard let lowest = probing ? 0 : lowestAdaptedLayer else { return }
        let gates = probing ? workspace.gates.reserve(batch.count * c.headCount) : nil
        for index in stride(from: c.layerCount - 1, through: lowest, by: -1) {
            let pass = workspace.layers[index]
            pass.backward(encoder.weights.layers[index], configuration: c, batch: batch, gradient: hiddenGradient,
                          adapters: adapters(index, store), gradients: gradient, needsInputGradient: index > lowest,
                          gateGradients: gates)
            if let gates {
                workspace.probe!.addAttention(of: pass, layer: index, batch: batch, headCount: c.headCount)
                for sequence in 0..<batch.count {
                    for h in 0..<c.headCount {
                        // The loss gradient was scaled by 1/N (batch mean); per-sentence importance undoes it.
                        workspace.probe!.importance[index][h] += abs(gates[sequence * c.headCount + h])
                            * Float(batch.count) / weight
                    }
                }
            }
        }
    }

    /// Layer `index`'s adapters over `store`, or nil when it has none.
    private func adapters(_ index: Int, _ store: UnsafePointer<Float>) -> LayerAdapters? {
        packs[index].map { LayerAdapters(pack: $0, values: store) }
    }

    /// Calls `body` with the pooler (trained copy, else the checkpoint's) and the classifier.
    private func withHeadWeights<Result>(
        _ store: UnsafePointer<Float>,
        _ body: ((weight: UnsafePointer<Float>, bias: UnsafePointer<Float>)?,
                 (weight: UnsafePointer<Float>, bias: UnsafePointer<Float>)) -> Result
    ) -> Result {
        let layout = adapters.head
        let classifier = (weight: store + layout.classifierWeight.lowerBound, bias: store + layout.classifierBias.lowerBound)
        if let weight = layout.poolerWeight, let bias = layout.poolerBias {
            return body((store + weight.lowerBound, store + bias.lowerBound), classifier)
        }
        guard adapters.plan.taskHead == .pooler, let weight = encoder.weights.poolerWeight,
              let bias = encoder.weights.poolerBias else { return body(nil, classifier) }
        return weight.scalars.withUnsafeBufferPointer { w in
            bias.scalars.withUnsafeBufferPointer { b in body((w.baseAddress!, b.baseAddress!), classifier) }
        }
    }
}
