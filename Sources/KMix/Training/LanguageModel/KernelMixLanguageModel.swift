/// A frozen decoder (GPT-2) with Kernel-mix adapters, trained on next-token prediction: the function kmix
/// trains for generation tasks, with its exact gradient.
///
/// The loss is the mean cross-entropy over every predicted token of the batch (position t of a sequence predicts
/// token t + 1), as transformers' `GPT2LMHeadModel` computes it for a batch without ignored labels. Sequences
/// are split over workers like `KernelMixClassifier`'s, and the groups' gradients are summed in group order.
/// Not thread-safe itself.
public final class KernelMixLanguageModel {
    /// The frozen decoder.
    public let model: Transformer
    /// The trainable adapters (their task-head tensors are unused).
    public var adapters: AdapterSet
    /// Workers a batch is split over.
    public let workers: Int
    private var workspaces: [LanguageModelWorkspace] = []
    private var grouping = SequenceGrouping()

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

    /// The mean next-token cross-entropy of `batch` and its gradient with respect to every trainable scalar
    /// (laid out like `adapters.store.values`). With `dropout`, a training pass; each sequence group draws its
    /// masks from its own stream of the generator.
    public func lossAndGradient(batch: PackedBatch, dropout: DropoutSource?) -> (loss: Float, gradient: [Float]) {
        model.checkFits(batch)
        let predicted = batch.lengths.reduce(0) { $0 + max($1 - 1, 0) }
        guard predicted > 0 else { return (0, [Float](repeating: 0, count: adapters.store.count)) }
        let c = model.configuration
        if workspaces.count < workers { workspaces = (0..<workers).map { _ in LanguageModelWorkspace(layers: c.layerCount) } }
        grouping.assign(batch, parts: workers)
        var generator = dropout?.generator
        for group in 0..<grouping.count {
            workspaces[group].batch.select(grouping.members[group], of: batch)
            workspaces[group].dropout = dropout.map { source in
                var source = source
                source.generator = generator!.split(stream: UInt64(group))
                return source
            }
        }
        let workspaces = self.workspaces, groups = grouping.count
        let scale = 1 / Float(predicted), lowest = adapters.lowestAdaptedLayer, parameters = adapters.store.count
        adapters.withAdaptedLayers { layers in
            let pass = LanguageModelPass(model: model, adapters: layers, lowestAdaptedLayer: lowest,
                                         parameterCount: parameters, scale: scale)
            ThreadPolicy.forEachWorker(groups) { index in pass.run(workspaces[index]) }
        }
        var loss = 0.0, gradient = [Float](repeating: 0, count: adapters.store.count)
        for workspace in workspaces.prefix(grouping.count) {
            loss += workspace.loss
            let part = workspace.gradient.pointer
            for i in gradient.indices { gradient[i] += part[i] }
        }
        return (Float(loss / Double(predicted)), gradient)
    }
}

/// One group's forward and backward pass through the adapted decoder and its language-model head.
struct LanguageModelPass: Sendable {
    let model: Transformer
    let adapters: AdaptedLayers
    let lowestAdaptedLayer: Int?
    let parameterCount: Int
    /// 1 / (predicted tokens in the whole batch).
    let scale: Float

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
        let hiddenGradient = workspace.hiddenGradient.reserve(n * d)
        workspace.loss = workspace.head.lossAndGradient(hidden: hidden, batch: batch, model: model, scale: scale,
                                                        gradient: hiddenGradient)
        let gradient = workspace.gradient.zeroed(parameterCount)
        guard let lowest = lowestAdaptedLayer else { return }
        for index in stride(from: c.layerCount - 1, through: lowest, by: -1) {
            workspace.layers[index].backward(model.weights.layers[index], configuration: c, batch: batch,
                                             gradient: hiddenGradient, adapters: adapters.layer(index),
                                             gradients: gradient, needsInputGradient: index > lowest)
        }
    }
}
