/// A frozen decoder (GPT-2) with Kernel-mix adapters, trained on next-token prediction: the function kmix
/// trains for generation tasks, with its exact gradient.
///
/// Each sequence predicts its tokens from a target start on (`targetStarts`; 1 predicts every token after the
/// first, as plain language modelling does; a source/target pair predicts only its target). The loss is the mean
/// cross-entropy over the predicted tokens of the whole batch, as transformers' `GPT2LMHeadModel` computes it with
/// the other labels set to −100, optionally with label smoothing as PyTorch's `CrossEntropyLoss(label_smoothing:)`
/// defines it. Sequences are split over workers like `KernelMixClassifier`'s, and the groups' gradients are summed
/// in group order. The workspaces and adapter packs are kept and reused: once the workspaces have grown to the
/// largest batch seen, `lossAndGradient(…, into:)` allocates nothing. Not thread-safe itself.
public final class KernelMixLanguageModel {
    /// The frozen decoder.
    public let model: Transformer
    /// The trainable adapters (their task-head tensors are unused).
    public var adapters: AdapterSet
    /// Workers a batch is split over.
    public let workers: Int
    private var workspaces: [LanguageModelWorkspace] = []
    private var grouping = SequenceGrouping()
    /// The plan the packs were built for, and the packs (nil for layers without adapters).
    private var prepared: (plan: AdapterPlan, packs: [LayerAdapterPack?])?

    /// Why a language model cannot be built.
    public enum SetupError: Error, Equatable, CustomStringConvertible {
        /// The model is an encoder, which predicts no next token.
        case notADecoder(ModelFamily)

        public var description: String {
            switch self {
            case .notADecoder(let family):
                return "a \(family.displayName) model is an encoder and predicts no next token; language-model "
                    + "training needs a decoder (GPT-2)"
            }
        }
    }

    /// Puts `adapters` on the decoder `model`, splitting batches over `workers`.
    public init(model: Transformer, adapters: AdapterSet, workers: Int = ThreadPolicy.defaultWorkers) throws {
        guard model.configuration.family.isDecoder else { throw SetupError.notADecoder(model.configuration.family) }
        self.model = model
        self.adapters = adapters
        self.workers = max(1, workers)
    }

    /// The mean next-token cross-entropy over every predicted token of `batch` and its gradient with respect to
    /// every trainable scalar (laid out like `adapters.store.values`). With `dropout`, a training pass; each
    /// sequence group draws its masks from its own stream of the generator.
    public func lossAndGradient(batch: PackedBatch, dropout: DropoutSource?) -> (loss: Float, gradient: [Float]) {
        var gradient: [Float] = []
        let loss = lossAndGradient(batch: batch, targetStarts: [Int](repeating: 1, count: batch.count),
                                   labelSmoothing: 0, dropout: dropout, into: &gradient)
        return (loss, gradient)
    }

    /// The mean cross-entropy over the target tokens of `batch` (those at or after each sequence's target start),
    /// smoothed by `labelSmoothing` (in [0, 1)), writing its gradient to `gradient` (resized to the parameter count
    /// when its size differs). A batch without target tokens has loss 0 and a zero gradient.
    /// - Precondition: one target start per sequence, each at least 1.
    public func lossAndGradient(batch: PackedBatch, targetStarts: [Int], labelSmoothing: Float,
                                dropout: DropoutSource?, into gradient: inout [Float]) -> Float {
        precondition((0..<1).contains(labelSmoothing), "label smoothing must be in [0, 1)")
        if gradient.count != adapters.store.count { gradient = [Float](repeating: 0, count: adapters.store.count) }
        let tokens = Self.targetTokens(batch, targetStarts: targetStarts)
        guard tokens > 0 else {
            gradient.withUnsafeMutableBufferPointer { $0.update(repeating: 0) }
            return 0
        }
        let groups = run(batch, targetStarts: targetStarts, labelSmoothing: labelSmoothing, dropout: dropout,
                         scale: 1 / Float(tokens))
        var loss = 0.0
        gradient.withUnsafeMutableBufferPointer { sum in
            sum.update(repeating: 0)
            for workspace in workspaces.prefix(groups) {
                loss += workspace.loss
                let part = workspace.gradient.pointer
                for i in sum.indices { sum[i] += part[i] }
            }
        }
        return Float(loss / Double(tokens))
    }

    /// The summed cross-entropy (no smoothing, no dropout) of the target tokens of `batch`, how many of them the
    /// model scores highest, and their number: a dev set's loss, perplexity and token accuracy are sums of these
    /// over its batches. Forward only.
    public func targetLoss(batch: PackedBatch, targetStarts: [Int]) -> (sum: Double, correct: Int, tokens: Int) {
        let tokens = Self.targetTokens(batch, targetStarts: targetStarts)
        guard tokens > 0 else { return (0, 0, 0) }
        let groups = run(batch, targetStarts: targetStarts, labelSmoothing: 0, dropout: nil, scale: nil)
        let used = workspaces.prefix(groups)
        return (used.reduce(0) { $0 + $1.loss }, used.reduce(0) { $0 + $1.correct }, tokens)
    }

    /// The tokens `batch` predicts from `targetStarts` on.
    private static func targetTokens(_ batch: PackedBatch, targetStarts: [Int]) -> Int {
        precondition(targetStarts.count == batch.count && targetStarts.allSatisfy { $0 >= 1 },
                     "one target start of at least 1 per sequence")
        return zip(batch.lengths, targetStarts).reduce(0) { $0 + max($1.0 - $1.1, 0) }
    }

    /// Runs `batch` on the workers: forward, the head's loss, and with a `scale` the backward pass of the loss
    /// `scale · sum`. Returns the number of groups (their results are in the first workspaces).
    private func run(_ batch: PackedBatch, targetStarts: [Int], labelSmoothing: Float, dropout: DropoutSource?,
                     scale: Float?) -> Int {
        model.checkFits(batch)
        let c = model.configuration
        while workspaces.count < workers { workspaces.append(LanguageModelWorkspace(layers: c.layerCount)) }
        grouping.assign(batch, parts: workers)
        var generator = dropout?.generator
        for group in 0..<grouping.count {
            workspaces[group].assign(grouping.members[group], of: batch, targetStarts: targetStarts)
            workspaces[group].dropout = dropout.map { source in
                var source = source
                source.generator = generator!.split(stream: UInt64(group))
                return source
            }
        }
        let packs = preparedPacks()
        let workspaces = self.workspaces, groups = grouping.count
        let lowest = adapters.lowestAdaptedLayer, parameters = adapters.store.count
        adapters.store.values.withUnsafeBufferPointer { values in
            let shared = SharedPointer(UnsafeMutablePointer(mutating: values.baseAddress!))
            let pass = LanguageModelPass(model: model, adapters: AdaptedLayers(packs: packs, values: shared),
                                         lowestAdaptedLayer: lowest, parameterCount: parameters, scale: scale,
                                         labelSmoothing: labelSmoothing)
            ThreadPolicy.forEachWorker(groups) { index in pass.run(workspaces[index]) }
        }
        return groups
    }

    /// The packs for the current plan, built when the plan is new, refilled with the current parameter values.
    private func preparedPacks() -> [LayerAdapterPack?] {
        if prepared?.plan != adapters.plan {
            prepared = (adapters.plan, adapters.layouts.map { $0.isAdapted ? LayerAdapterPack(layout: $0) : nil })
        }
        adapters.store.values.withUnsafeBufferPointer { values in
            for layer in prepared!.packs.indices { prepared!.packs[layer]?.refill(from: values.baseAddress!) }
        }
        return prepared!.packs
    }
}

/// One group's forward pass through the adapted decoder and its language-model head, and with a scale its
/// backward pass.
struct LanguageModelPass: Sendable {
    let model: Transformer
    let adapters: AdaptedLayers
    let lowestAdaptedLayer: Int?
    let parameterCount: Int
    /// 1 / (target tokens in the whole batch); nil: forward only.
    let scale: Float?
    let labelSmoothing: Float

    func run(_ workspace: LanguageModelWorkspace) {
        let batch = workspace.batch, c = model.configuration, n = batch.tokenCount, d = c.hiddenSize
        var dropout = workspace.dropout
        let hidden = workspace.hidden.reserve(n * d)
        model.embed(batch, into: hidden)
        workspace.embeddingKeep.draw(n * d, rate: dropout?.hiddenRate, from: &dropout)
        workspace.embeddingKeep.apply(to: hidden, count: n * d)
        for (index, layer) in model.weights.layers.enumerated() {
            workspace.layers[index].forward(layer, configuration: c, batch: batch, hidden: hidden,
                                            adapters: adapters.layer(index), dropout: &dropout)
        }
        let hiddenGradient = scale == nil ? nil : workspace.hiddenGradient.reserve(n * d)
        (workspace.loss, workspace.correct) = workspace.head.lossAndGradient(
            hidden: hidden, batch: batch, targetStarts: workspace.targetStarts, model: model,
            smoothing: labelSmoothing, gradient: hiddenGradient.map { ($0, scale!) })
        guard let hiddenGradient else { return }
        let gradient = workspace.gradient.zeroed(parameterCount)
        guard let lowest = lowestAdaptedLayer else { return }
        for index in stride(from: c.layerCount - 1, through: lowest, by: -1) {
            workspace.layers[index].backward(model.weights.layers[index], configuration: c, batch: batch,
                                             gradient: hiddenGradient, adapters: adapters.layer(index),
                                             gradients: gradient, needsInputGradient: index > lowest)
        }
    }
}
