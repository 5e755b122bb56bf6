/// A transformer of any `ModelFamily`: embeddings, then its layers (post-norm for BERT and RoBERTa; pre-norm,
/// causal, with a final layer norm for GPT-2).
///
/// Runs on packed batches (`PackedBatch`): every position-wise product covers
/// only real tokens, and attention runs per sequence, so no work is spent on
/// padding and no attention mask is needed.
public struct Transformer: Sendable {
    /// The architecture's sizes.
    public let configuration: ModelConfiguration
    /// The frozen weights.
    public let weights: ModelWeights

    /// An encoder over `weights`, whose shapes `configuration` describes.
    public init(configuration: ModelConfiguration, weights: ModelWeights) {
        self.configuration = configuration
        self.weights = weights
    }

    /// The last hidden state of every token of `batch` (after GPT-2's final layer norm): `tokenCount x d`,
    /// rows in packed order. The sequences are split over `workers` (see `ThreadPolicy`).
    /// - Precondition: every sequence fits the position table and every id the vocabulary.
    public func hiddenStates(for batch: PackedBatch, workers: Int = ThreadPolicy.defaultWorkers) -> Tensor {
        hiddenStates(for: batch, workers: workers, adapters: nil)
    }

    /// `hiddenStates(for:workers:)` with Kernel-mix `adapters` in the layers, without dropout.
    func hiddenStates(for batch: PackedBatch, workers: Int = ThreadPolicy.defaultWorkers,
                      adapters: AdaptedLayers?) -> Tensor {
        checkFits(batch)
        let d = configuration.hiddenSize
        let groups = batch.split(into: workers)
        var result = [Float](repeating: 0, count: batch.tokenCount * d)
        result.withUnsafeMutableBufferPointer { out in
            let target = SharedPointer(out.baseAddress!)
            ThreadPolicy.forEachWorker(groups.count) { index in
                let group = groups[index], buffer = ReusableBuffer<Float>()
                withExtendedLifetime(buffer) {
                    let hidden = buffer.reserve(group.batch.tokenCount * d)
                    embed(group.batch, into: hidden)
                    let pass = LayerPass()
                    var noDropout: DropoutSource?
                    for (index, layer) in weights.layers.enumerated() {
                        pass.forward(layer, configuration: configuration, batch: group.batch, hidden: hidden,
                                     adapters: adapters?.layer(index), dropout: &noDropout)
                    }
                    applyFinalNorm(hidden, rows: group.batch.tokenCount)
                    for (slot, member) in group.members.enumerated() {
                        let source = group.batch.offsets[slot] * d, destination = batch.offsets[member] * d
                        for i in 0..<(group.batch.lengths[slot] * d) { target.base[destination + i] = hidden[source + i] }
                    }
                }
            }
        }
        return Tensor(shape: [batch.tokenCount, d], scalars: result)
    }

    /// Applies the final layer norm (GPT-2's `ln_f`) to `rows` hidden states in place; nothing for post-norm encoders.
    func applyFinalNorm(_ hidden: UnsafeMutablePointer<Float>, rows: Int) {
        guard let norm = weights.finalNorm else { return }
        LayerNorm.apply(hidden, rows: rows, width: configuration.hiddenSize, weights: norm.gamma, norm.beta,
                        epsilon: configuration.layerNormEpsilon)
    }

    /// Stops on a batch the model cannot take (a programming error: inputs are truncated before packing).
    func checkFits(_ batch: PackedBatch) {
        precondition(batch.maxLength <= configuration.maxPositions,
                     "a sequence of \(batch.maxLength) tokens exceeds the \(configuration.maxPositions) positions")
        precondition(batch.tokenIDs.allSatisfy { $0 >= 0 && Int($0) < configuration.vocabularySize },
                     "a token id is outside the vocabulary")
        precondition(batch.typeIDs.allSatisfy { $0 >= 0 && Int($0) < configuration.typeVocabularySize },
                     "a token type id is outside the type vocabulary")
    }
}
