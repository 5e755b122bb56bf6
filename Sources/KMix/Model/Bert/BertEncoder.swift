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
        precondition(batch.maxLength <= configuration.maxPositions,
                     "a sequence of \(batch.maxLength) tokens exceeds the \(configuration.maxPositions) positions")
        precondition(batch.tokenIDs.allSatisfy { $0 >= 0 && Int($0) < configuration.vocabularySize },
                     "a token id is outside the vocabulary")
        precondition(batch.typeIDs.allSatisfy { $0 >= 0 && Int($0) < configuration.typeVocabularySize },
                     "a token type id is outside the type vocabulary")
        var buffers = LayerBuffers(tokens: batch.tokenCount, configuration: configuration)
        var hidden = embed(batch)
        for layer in weights.layers {
            forward(layer, hidden: &hidden, batch: batch, buffers: &buffers)
        }
        return Tensor(shape: [batch.tokenCount, configuration.hiddenSize], scalars: hidden)
    }

    /// One transformer layer, in place on `hidden` (`tokens x d`).
    func forward(_ layer: BertWeights.Layer, hidden: inout [Float], batch: PackedBatch,
                 buffers: inout LayerBuffers) {
        let n = batch.tokenCount, d = configuration.hiddenSize, ff = configuration.intermediateSize
        let epsilon = configuration.layerNormEpsilon
        hidden.withUnsafeMutableBufferPointer { h in
            buffers.withPointers { qkv, context, attended, intermediate in
                Linear.apply(h.baseAddress!, rows: n, inputs: d, weight: layer.qkvWeight, bias: layer.qkvBias, into: qkv)
                SelfAttention.apply(qkv: qkv, context: context, batch: batch,
                                    headCount: configuration.headCount, headSize: configuration.headSize)
                Linear.apply(context, rows: n, inputs: d, weight: layer.attentionOutputWeight, bias: nil, into: attended)
                layer.attentionOutputBias.scalars.withUnsafeBufferPointer { bias in
                    Elementwise.addBiasResidual(attended, rows: n, width: d, bias: bias.baseAddress!,
                                                residual: h.baseAddress!)
                }
                LayerNorm.apply(attended, rows: n, width: d, weights: layer.attentionNormGamma,
                                layer.attentionNormBeta, epsilon: epsilon)
                Linear.apply(attended, rows: n, inputs: d, weight: layer.intermediateWeight, bias: nil, into: intermediate)
                layer.intermediateBias.scalars.withUnsafeBufferPointer { bias in
                    Elementwise.addBiasGELU(intermediate, rows: n, width: ff, bias: bias.baseAddress!)
                }
                Linear.apply(intermediate, rows: n, inputs: ff, weight: layer.outputWeight, bias: nil, into: h.baseAddress!)
                layer.outputBias.scalars.withUnsafeBufferPointer { bias in
                    Elementwise.addBiasResidual(h.baseAddress!, rows: n, width: d, bias: bias.baseAddress!,
                                                residual: attended)
                }
                LayerNorm.apply(h.baseAddress!, rows: n, width: d, weights: layer.outputNormGamma,
                                layer.outputNormBeta, epsilon: epsilon)
            }
        }
    }
}

/// Scratch memory for one layer's forward pass over a batch, reused across layers.
struct LayerBuffers {
    var qkv: [Float]
    var context: [Float]
    var attended: [Float]
    var intermediate: [Float]

    init(tokens: Int, configuration: BertConfiguration) {
        let d = configuration.hiddenSize
        qkv = [Float](repeating: 0, count: tokens * 3 * d)
        context = [Float](repeating: 0, count: tokens * d)
        attended = [Float](repeating: 0, count: tokens * d)
        intermediate = [Float](repeating: 0, count: tokens * configuration.intermediateSize)
    }

    /// Calls `body` with the four buffers' base addresses.
    mutating func withPointers(
        _ body: (UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>,
                 UnsafeMutablePointer<Float>, UnsafeMutablePointer<Float>) -> Void
    ) {
        qkv.withUnsafeMutableBufferPointer { qkv in
            context.withUnsafeMutableBufferPointer { context in
                attended.withUnsafeMutableBufferPointer { attended in
                    intermediate.withUnsafeMutableBufferPointer { intermediate in
                        body(qkv.baseAddress!, context.baseAddress!, attended.baseAddress!, intermediate.baseAddress!)
                    }
                }
            }
        }
    }
}
