/// A frozen BERT encoder with Kernel-mix adapters and a classification head:
/// the function kmix trains, with its exact gradient.
///
/// A batch's sequences are split over workers (see `ThreadPolicy`); each
/// worker runs its group forward and backward in its own `WorkerWorkspace`,
/// and the groups' gradients are summed in group order, so a result depends on
/// the seed and the worker count only. The workspaces grow to the largest
/// batch seen and are reused: once they have, `lossAndGradient(…, into:)`
/// allocates nothing. Not thread-safe itself: the trainer owns one and calls
/// it from its own queue.
public final class KernelMixClassifier {
    /// The frozen encoder.
    public let encoder: Transformer
    /// The trainable adapters and task head.
    public var adapters: AdapterSet
    /// Workers a batch is split over.
    public let workers: Int
    private var workspaces: [WorkerWorkspace] = []
    private var grouping = SequenceGrouping()
    /// The plan the workspaces and packs were built for, the packs (nil for
    /// layers without adapters) and the lowest adapted layer.
    private var prepared: (plan: AdapterPlan, labels: Int, packs: [LayerAdapterPack?], lowest: Int?)?
    /// The class scores of the last pass, `sequences x labels`.
    private let logitBuffer = ReusableBuffer<Float>()

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
    public init(encoder: Transformer, adapters: AdapterSet, workers: Int = ThreadPolicy.defaultWorkers) throws {
        if adapters.plan.taskHead == .pooler && encoder.weights.poolerWeight == nil { throw SetupError.noPooler }
        self.encoder = encoder
        self.adapters = adapters
        self.workers = max(1, workers)
    }

    /// The class scores of `batch` (`sequences x labels`), without dropout.
    public func logits(for batch: PackedBatch) -> Tensor {
        run(batch, labels: nil, dropout: nil, probing: false)
        return lastLogits(batch.count)
    }

    /// Mean cross-entropy of `batch` against `labels`, the logits, and the
    /// gradient of the loss with respect to every trainable scalar (laid out
    /// like `adapters.store.values`). With `dropout`, the pass is a training
    /// pass; each sequence group draws its masks from its own stream of the generator.
    public func lossAndGradient(batch: PackedBatch, labels: [Int], dropout: DropoutSource?)
        -> (loss: Float, logits: Tensor, gradient: [Float]) {
        var gradient: [Float] = []
        let loss = lossAndGradient(batch: batch, labels: labels, dropout: dropout, into: &gradient)
        return (loss, lastLogits(batch.count), gradient)
    }

    /// The mean cross-entropy of `batch` against `labels`, as `lossAndGradient(batch:labels:dropout:)`
    /// computes it, writing the gradient to `gradient` (resized to the parameter count
    /// when its size differs). Once the workspaces have grown to the largest batch
    /// seen, a call allocates nothing.
    public func lossAndGradient(batch: PackedBatch, labels: [Int], dropout: DropoutSource?,
                                into gradient: inout [Float]) -> Float {
        precondition(labels.count == batch.count && labels.allSatisfy { (0..<adapters.labelCount).contains($0) },
                     "one label per sequence, each a class index")
        let groups = run(batch, labels: labels, dropout: dropout, probing: false)
        if gradient.count != adapters.store.count { gradient = [Float](repeating: 0, count: adapters.store.count) }
        var loss: Float = 0
        OperationProfile.shared.measure(.head) {
            let total = Float(batch.count)
            gradient.withUnsafeMutableBufferPointer { sum in
                sum.update(repeating: 0)
                for workspace in workspaces.prefix(groups) {
                    loss += workspace.loss * Float(workspace.batch.count) / total
                    let part = workspace.gradient.pointer
                    for i in sum.indices { sum[i] += part[i] }
                }
            }
        }
        return loss
    }

    /// Head statistics of one labelled batch (no dropout): attention entropy and
    /// distance summed over query tokens, |∂L/∂ξ_h| summed over sentences.
    func probe(batch: PackedBatch, labels: [Int]) -> HeadProbeSample {
        let groups = run(batch, labels: labels, dropout: nil, probing: true)
        var sample = HeadProbeSample(layers: encoder.configuration.layerCount, heads: encoder.configuration.headCount)
        for workspace in workspaces.prefix(groups) { sample.add(workspace.probe!) }
        return sample
    }

    /// A copy of the last pass's logits.
    private func lastLogits(_ sequences: Int) -> Tensor {
        let k = adapters.labelCount
        return Tensor(shape: [sequences, k], scalars: Array(UnsafeBufferPointer(start: logitBuffer.pointer, count: sequences * k)))
    }

    /// Runs `batch` on the workers: forward, and with labels the loss and the backward
    /// pass; gathers the logits into `logitBuffer`. Returns the number of groups
    /// (their results are in the first workspaces).
    @discardableResult
    private func run(_ batch: PackedBatch, labels: [Int]?, dropout: DropoutSource?, probing: Bool) -> Int {
        encoder.checkFits(batch)
        let (packs, lowest) = prepare()
        grouping.assign(batch, parts: workers)
        var generator = dropout?.generator
        for group in 0..<grouping.count {
            let workspace = workspaces[group]
            workspace.assign(grouping.members[group], of: batch, labels: labels)
            workspace.dropout = dropout.map { source in
                var source = source
                source.generator = generator!.split(stream: UInt64(group))
                return source
            }
        }
        let context = GroupPass(encoder: encoder, adapters: adapters, packs: packs, lowestAdaptedLayer: lowest,
                                   sequences: batch.count, labelled: labels != nil, probing: probing)
        let workspaces = self.workspaces
        adapters.store.values.withUnsafeBufferPointer { values in
            let store = SharedPointer(UnsafeMutablePointer(mutating: values.baseAddress!))
            ThreadPolicy.forEachWorker(grouping.count) { index in
                context.run(workspaces[index], store: UnsafePointer(store.base))
            }
        }
        let k = adapters.labelCount, logits = logitBuffer.reserve(batch.count * k)
        for workspace in workspaces.prefix(grouping.count) {
            let groupLogits = workspace.head.logits
            for (slot, member) in workspace.members.enumerated() {
                for j in 0..<k { logits[member * k + j] = groupLogits[slot * k + j] }
            }
        }
        return grouping.count
    }

    /// The packs and workspaces for the current plan, built when the plan is new;
    /// the packs refilled with the current parameter values.
    private func prepare() -> (packs: [LayerAdapterPack?], lowest: Int?) {
        if prepared?.plan != adapters.plan || prepared?.labels != adapters.labelCount {
            let c = encoder.configuration
            let packs = adapters.layouts.map { $0.isAdapted ? LayerAdapterPack(layout: $0) : nil }
            prepared = (adapters.plan, adapters.labelCount, packs, adapters.lowestAdaptedLayer)
            workspaces = (0..<workers).map { _ in
                WorkerWorkspace(layers: c.layerCount, head: ClassificationHead(
                    kind: adapters.plan.taskHead, hiddenSize: c.hiddenSize, labelCount: adapters.labelCount))
            }
        }
        adapters.store.values.withUnsafeBufferPointer { values in
            for layer in prepared!.packs.indices { prepared!.packs[layer]?.refill(from: values.baseAddress!) }
        }
        return (prepared!.packs, prepared!.lowest)
    }
}
