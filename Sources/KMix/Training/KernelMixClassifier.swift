/// A frozen BERT encoder with Kernel-mix adapters and a classification head:
/// the function kmix trains, with its exact gradient.
///
/// Not thread-safe: it reuses per-layer buffers between passes. The trainer
/// owns one and uses it from its own queue only.
public final class KernelMixClassifier {
    /// The frozen encoder.
    public let encoder: BertEncoder
    /// The trainable adapters and task head.
    public var adapters: AdapterSet
    private let passes: [LayerPass]

    /// Why a classifier cannot be built.
    public enum SetupError: Error, Equatable, CustomStringConvertible {
        /// The plan's task head needs the checkpoint's pooler and it has none.
        case noPooler

        public var description: String {
            "the plan's task head 'pooler' needs a pooler, and this checkpoint has none; choose the 'cls' or 'mean' head"
        }
    }

    /// Puts `adapters` on `encoder`.
    /// - Throws: `SetupError.noPooler` when the pooler head has no pooler to use.
    public init(encoder: BertEncoder, adapters: AdapterSet) throws {
        if adapters.plan.taskHead == .pooler && encoder.weights.poolerWeight == nil { throw SetupError.noPooler }
        self.encoder = encoder
        self.adapters = adapters
        passes = encoder.weights.layers.map { _ in LayerPass() }
    }

    /// The class scores of `batch` (`sequences x labels`), without dropout.
    public func logits(for batch: PackedBatch) -> Tensor {
        var noDropout: DropoutSource?
        let head = forward(batch, dropout: &noDropout)
        return Tensor(shape: [batch.count, adapters.labelCount], scalars: head.logits)
    }

    /// Mean cross-entropy of `batch` against `labels`, the logits, and the
    /// gradient of the loss with respect to every trainable scalar (laid out
    /// like `adapters.store.values`). With `dropout`, the pass is a training pass.
    public func lossAndGradient(batch: PackedBatch, labels: [Int], dropout: DropoutSource?)
        -> (loss: Float, logits: Tensor, gradient: [Float]) {
        precondition(labels.count == batch.count && labels.allSatisfy { (0..<adapters.labelCount).contains($0) },
                     "one label per sequence, each a class index")
        var dropout = dropout
        let head = forward(batch, dropout: &dropout)
        let (loss, logitGradient) = CrossEntropy.lossAndGradient(logits: head.logits, labels: labels,
                                                                  classes: adapters.labelCount)
        var gradient = [Float](repeating: 0, count: adapters.store.count)
        backward(head: head, logitGradient: logitGradient, batch: batch, into: &gradient)
        return (loss, Tensor(shape: [batch.count, adapters.labelCount], scalars: head.logits), gradient)
    }

    private func forward(_ batch: PackedBatch, dropout: inout DropoutSource?) -> ClassificationHead {
        encoder.checkFits(batch)
        let c = encoder.configuration
        var hidden = encoder.embed(batch)
        if let mask = dropout?.hiddenMask(hidden.count) {
            for i in mask.indices { hidden[i] *= mask[i] }
        }
        for (index, layer) in encoder.weights.layers.enumerated() {
            passes[index].forward(layer, configuration: c, batch: batch, hidden: &hidden, adapters: adapters,
                                  layerIndex: index, dropout: &dropout)
        }
        return withHeadWeights { pooler, classifier in
            ClassificationHead(kind: adapters.plan.taskHead, hidden: hidden, batch: batch, hiddenSize: c.hiddenSize,
                               labelCount: adapters.labelCount, pooler: pooler, classifier: classifier,
                               dropout: &dropout)
        }
    }

    private func backward(head: ClassificationHead, logitGradient: [Float], batch: PackedBatch,
                          into gradient: inout [Float]) {
        let layout = adapters.head
        let trainsPooler = layout.poolerWeight != nil
        let headGradients = withHeadWeights { pooler, classifier in
            head.backward(logitGradient: logitGradient, batch: batch, pooler: pooler?.weight,
                          classifierWeight: classifier.weight, trainsPooler: trainsPooler)
        }
        LayerPass.add(headGradients.classifierWeight, to: &gradient, at: layout.classifierWeight)
        LayerPass.add(headGradients.classifierBias, to: &gradient, at: layout.classifierBias)
        if let weight = layout.poolerWeight, let bias = layout.poolerBias {
            LayerPass.add(headGradients.poolerWeight, to: &gradient, at: weight)
            LayerPass.add(headGradients.poolerBias, to: &gradient, at: bias)
        }
        guard let lowest = adapters.lowestAdaptedLayer else { return }
        var hiddenGradient = headGradients.hidden
        for index in stride(from: encoder.weights.layers.count - 1, through: lowest, by: -1) {
            passes[index].backward(encoder.weights.layers[index], configuration: encoder.configuration, batch: batch,
                                   gradient: &hiddenGradient, adapters: adapters, gradients: &gradient,
                                   needsInputGradient: index > lowest)
        }
    }

    /// Calls `body` with the pooler (trained copy, else the checkpoint's) and the classifier.
    private func withHeadWeights<Result>(
        _ body: ((weight: UnsafePointer<Float>, bias: UnsafePointer<Float>)?,
                 (weight: UnsafePointer<Float>, bias: UnsafePointer<Float>)) -> Result
    ) -> Result {
        let layout = adapters.head
        return adapters.store.values.withUnsafeBufferPointer { store in
            let base = store.baseAddress!
            let classifier = (weight: base + layout.classifierWeight.lowerBound, bias: base + layout.classifierBias.lowerBound)
            if let weight = layout.poolerWeight, let bias = layout.poolerBias {
                return body((base + weight.lowerBound, base + bias.lowerBound), classifier)
            }
            guard adapters.plan.taskHead == .pooler, let weight = encoder.weights.poolerWeight,
                  let bias = encoder.weights.poolerBias else { return body(nil, classifier) }
            return weight.scalars.withUnsafeBufferPointer { w in
                bias.scalars.withUnsafeBufferPointer { b in body((w.baseAddress!, b.baseAddress!), classifier) }
            }
        }
    }
}
