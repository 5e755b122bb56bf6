/// A frozen BERT encoder with Kernel-mix adapters and a classification head:
/// the function kmix trains, with its exact gradient.
///
/// A batch's sequences are split over workers (see `ThreadPolicy`); each
/// worker runs its group forward and backward with its own buffers, and the
/// groups' gradients are summed in group order, so a result depends on the
/// seed and the worker count only. Not thread-safe itself: the trainer owns
/// one and calls it from its own queue.
public final class KernelMixClassifier {
    /// The frozen encoder.
    public let encoder: BertEncoder
    /// The trainable adapters and task head.
    public var adapters: AdapterSet
    /// Workers a batch is split over.
    public let workers: Int
    private let workerPasses: [WorkerPasses]

    /// Why a classifier cannot be built.
    public enum SetupError: Error, Equatable, CustomStringConvertible {
        /// The plan's task head needs the checkpoint's pooler and it has none.
        case noPooler

        public var description: String {
            "the plan's task head 'pooler' needs a pooler, and this checkpoint has none; choose the 'cls' or 'mean' head"
        }
    }

    /// Puts `adapters` on `encoder`, splitting batches over `workers`.
    /// - Throws: `SetupError.noPooler` when the pooler head has no pooler to use.
    public init(encoder: BertEncoder, adapters: AdapterSet, workers: Int = ThreadPolicy.defaultWorkers) throws {
        if adapters.plan.taskHead == .pooler && encoder.weights.poolerWeight == nil { throw SetupError.noPooler }
        self.encoder = encoder
        self.adapters = adapters
        self.workers = max(1, workers)
        workerPasses = (0..<self.workers).map { _ in WorkerPasses(layers: encoder.weights.layers.count) }
    }

    /// The class scores of `batch` (`sequences x labels`), without dropout.
    public func logits(for batch: PackedBatch) -> Tensor {
        run(batch, labels: nil, dropout: nil).logits
    }

    /// Mean cross-entropy of `batch` against `labels`, the logits, and the
    /// gradient of the loss with respect to every trainable scalar (laid out
    /// like `adapters.store.values`). With `dropout`, the pass is a training
    /// pass; each sequence group draws its masks from its own stream of the generator.
    public func lossAndGradient(batch: PackedBatch, labels: [Int], dropout: DropoutSource?)
        -> (loss: Float, logits: Tensor, gradient: [Float]) {
        precondition(labels.count == batch.count && labels.allSatisfy { (0..<adapters.labelCount).contains($0) },
                     "one label per sequence, each a class index")
        let result = run(batch, labels: labels, dropout: dropout)
        return (result.loss, result.logits, result.gradient)
    }

    /// Head statistics of one labelled batch (no dropout): attention entropy and
    /// distance summed over query tokens, |∂L/∂ξ_h| summed over sentences.
    func probe(batch: PackedBatch, labels: [Int]) -> HeadProbeSample {
        let result = run(batch, labels: labels, dropout: nil, probing: true)
        let c = encoder.configuration
        var sample = HeadProbeSample(
            entropy: Array(repeating: Array(repeating: 0, count: c.headCount), count: c.layerCount),
            distance: Array(repeating: Array(repeating: 0, count: c.headCount), count: c.layerCount),
            importance: Array(repeating: Array(repeating: 0, count: c.headCount), count: c.layerCount))
        for group in result.probes {
            for l in 0..<c.layerCount {
                for h in 0..<c.headCount {
                    sample.entropy[l][h] += group.entropy[l][h]
                    sample.distance[l][h] += group.distance[l][h]
                    sample.importance[l][h] += group.importance[l][h]
                }
            }
        }
        return sample
    }

    /// What one sequence group's pass produced.
    private struct GroupResult {
        var logits: [Float]
        var loss: Float
        var gradient: [Float]
        var probe: HeadProbeSample?
    }

    private func run(_ batch: PackedBatch, labels: [Int]?, dropout: DropoutSource?)
        -> (loss: Float, logits: Tensor, gradient: [Float]) {
        let result = run(batch, labels: labels, dropout: dropout, probing: false)
        return (result.loss, result.logits, result.gradient)
    }

    private func run(_ batch: PackedBatch, labels: [Int]?, dropout: DropoutSource?, probing: Bool)
        -> (loss: Float, logits: Tensor, gradient: [Float], probes: [HeadProbeSample]) {
        encoder.checkFits(batch)
        let groups = batch.split(into: workers)
        var generator = dropout?.generator
        let sources: [DropoutSource?] = groups.indices.map { index in
            guard var source = dropout else { return nil }
            source.generator = generator!.split(stream: UInt64(index))
            return source
        }
        let slots = WorkerSlots<GroupResult>(groups.count)
        let encoder = self.encoder, adapters = self.adapters, passes = workerPasses
        let total = Float(batch.count)
        ThreadPolicy.forEachWorker(groups.count) { index in
            let group = groups[index]
            let groupLabels = labels.map { all in group.members.map { all[$0] } }
            slots[index] = Self.runGroup(group.batch, labels: groupLabels, weight: Float(group.batch.count) / total,
                                         dropout: sources[index], encoder: encoder, adapters: adapters,
                                         passes: passes[index].layers, probing: probing)
        }
        let results = slots.values
        let k = adapters.labelCount
        var logits = [Float](repeating: 0, count: batch.count * k)
        var gradient = [Float](repeating: 0, count: labels == nil ? 0 : adapters.store.count)
        var loss: Float = 0
        OperationProfile.shared.measure(.head) {
            for (group, result) in zip(groups, results) {
                for (slot, member) in group.members.enumerated() {
                    for j in 0..<k { logits[member * k + j] = result.logits[slot * k + j] }
                }
                loss += result.loss * Float(group.batch.count) / total
                for i in result.gradient.indices { gradient[i] += result.gradient[i] }
            }
        }
        return (loss, Tensor(shape: [batch.count, k], scalars: logits), gradient, results.compactMap(\.probe))
    }

    /// One group's forward pass and, with labels, its loss and backward pass;
    /// `weight` is the group's share of the batch, by which its loss gradient is scaled.
    /// With `probing`, the backward pass runs down to layer 0 and the result
    /// carries the group's attention statistics and |gate gradients|.
    private static func runGroup(_ batch: PackedBatch, labels: [Int]?, weight: Float, dropout: DropoutSource?,
                                 encoder: BertEncoder, adapters: AdapterSet, passes: [LayerPass],
                                 probing: Bool) -> GroupResult {
        var dropout = dropout
        let profile = OperationProfile.shared
        var hidden = profile.measure(.elementwise) { encoder.embed(batch) }
        if let mask = dropout?.hiddenMask(hidden.count) {
            hidden.withUnsafeMutableBufferPointer { mask.apply(to: $0.baseAddress!, count: $0.count) }
        }
        for (index, layer) in encoder.weights.layers.enumerated() {
            passes[index].forward(layer, configuration: encoder.configuration, batch: batch, hidden: &hidden,
                                  adapters: adapters, layerIndex: index, dropout: &dropout)
        }
        let head = profile.measure(.head) { withHeadWeights(encoder: encoder, adapters: adapters) { pooler, classifier in
            ClassificationHead(kind: adapters.plan.taskHead, hidden: hidden, batch: batch,
                               hiddenSize: encoder.configuration.hiddenSize, labelCount: adapters.labelCount,
                               pooler: pooler, classifier: classifier, dropout: &dropout)
        } }
        guard let labels else { return GroupResult(logits: head.logits, loss: 0, gradient: [], probe: nil) }
        let (loss, logitGradient) = CrossEntropy.lossAndGradient(logits: head.logits, labels: labels,
                                                                  classes: adapters.labelCount)
        var gradient = [Float](repeating: 0, count: adapters.store.count)
        let layout = adapters.head
        let headGradients = profile.measure(.head) {
            withHeadWeights(encoder: encoder, adapters: adapters) { pooler, classifier in
                head.backward(logitGradient: logitGradient.map { $0 * weight }, batch: batch, pooler: pooler?.weight,
                              classifierWeight: classifier.weight, trainsPooler: layout.poolerWeight != nil)
            }
        }
        LayerPass.add(headGradients.classifierWeight, to: &gradient, at: layout.classifierWeight)
        LayerPass.add(headGradients.classifierBias, to: &gradient, at: layout.classifierBias)
        if let poolerWeight = layout.poolerWeight, let poolerBias = layout.poolerBias {
            LayerPass.add(headGradients.poolerWeight, to: &gradient, at: poolerWeight)
            LayerPass.add(headGradients.poolerBias, to: &gradient, at: poolerBias)
        }
        let c = encoder.configuration
        var probe = probing ? HeadProbeSample(
            entropy: Array(repeating: Array(repeating: 0, count: c.headCount), count: c.layerCount),
            distance: Array(repeating: Array(repeating: 0, count: c.headCount), count: c.layerCount),
            importance: Array(repeating: Array(repeating: 0, count: c.headCount), count: c.layerCount)) : nil
        if let lowest = probing ? 0 : adapters.lowestAdaptedLayer {
            var hiddenGradient = headGradients.hidden
            var gates = [Float](repeating: 0, count: batch.count * c.headCount)
            for index in stride(from: c.layerCount - 1, through: lowest, by: -1) {
                gates.withUnsafeMutableBufferPointer { gateBuffer in
                    passes[index].backward(encoder.weights.layers[index], configuration: c,
                                           batch: batch, gradient: &hiddenGradient, adapters: adapters,
                                           gradients: &gradient, needsInputGradient: index > lowest,
                                           gateGradients: probing ? gateBuffer.baseAddress! : nil)
                }
                if probing {
                    probe!.addAttention(of: passes[index], layer: index, batch: batch, headCount: c.headCount)
                    for sequence in 0..<batch.count {
                        for h in 0..<c.headCount {
                            // The loss gradient was scaled by 1/N (batch mean); per-sentence importance undoes it.
                            probe!.importance[index][h] += abs(gates[sequence * c.headCount + h]) * Float(batch.count) / weight
                        }
                    }
                }
            }
        }
        return GroupResult(logits: head.logits, loss: loss, gradient: gradient, probe: probe)
    }

    /// Calls `body` with the pooler (trained copy, else the checkpoint's) and the classifier.
    private static func withHeadWeights<Result>(
        encoder: BertEncoder, adapters: AdapterSet,
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

/// One worker's layer buffers.
///
/// `@unchecked Sendable` because worker i alone uses `workerPasses[i]`, and
/// only while `ThreadPolicy.forEachWorker` runs.
private final class WorkerPasses: @unchecked Sendable {
    let layers: [LayerPass]

    init(layers count: Int) {
        let scratch = LayerScratch()
        layers = (0..<count).map { _ in LayerPass(scratch: scratch) }
    }
}
