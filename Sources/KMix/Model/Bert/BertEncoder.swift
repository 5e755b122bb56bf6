/// A BERT encoder: embeddings, then post-norm transformer layers.
///
/// Runs on packed batches (`PackedBatch`): every position-wise product covers
/// only real tokens, and attention runs per sequence, so no work is spent on
/// padding and no attention mask is needed.
public struct BertEncoder: Sendable {
    /// The architecture's sizes.
    public let configuration: BertConfiguration
    /// The frozen weights.
    public let weights: BertWeights

    /// An encoder over `weights`, whose shapes `configuration` describes.
    public init(configuration: BertConfiguration, weights: BertWeights) {
        self.configuration = configuration
        self.weights = weights
    }

    /// The last hidden state of every token of `batch`: `tokenCount x d`,
    /// rows in packed order.
    /// - Precondition: every sequence fits the position table and every id the vocabulary.
    public func hiddenStates(for batch: PackedBatch) -> Tensor {
        checkFits(batch)
        var hidden = embed(batch)
        let pass = LayerPass()
        var noDropout: DropoutSource?
        for (index, layer) in weights.layers.enumerated() {
            pass.forward(layer, configuration: configuration, batch: batch, hidden: &hidden,
                         adapters: nil, layerIndex: index, dropout: &noDropout)
        }
        return Tensor(shape: [batch.tokenCount, configuration.hiddenSize], scalars: hidden)
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
