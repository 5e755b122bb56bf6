import Foundation
import KMix

/// A small BERT with random weights, of any layer count, head count and head size: a vocabulary
/// of 20 tokens, 16 positions, 2 token types and a feed-forward width of twice the hidden size.
/// `TinyModel` is the one with 2 layers and 2 heads of 4.
public struct RandomBert: Sendable {
    /// A model of `layers` layers of `heads` heads of width `headSize`.
    public init(layers: Int, heads: Int, headSize: Int) {
        self.layers = layers
        self.heads = heads
        self.headSize = headSize
    }

    /// Transformer layers.
    public let layers: Int
    /// Attention heads per layer.
    public let heads: Int
    /// Width of one head.
    public let headSize: Int

    /// Hidden width d.
    public var hiddenSize: Int { heads * headSize }
    /// Feed-forward width.
    public var intermediateSize: Int { 2 * hiddenSize }
    /// Rows of the word-embedding table.
    public static let vocabularySize = 20
    /// Rows of the position-embedding table: the longest sequence the model takes.
    public static let maxPositions = 16

    /// The shape plans for this model are made for.
    public var shape: AdapterPlan.ModelShape {
        AdapterPlan.ModelShape(layerCount: layers, headCount: heads, hiddenSize: hiddenSize)
    }

    /// The model's `config.json` object.
    public var configurationJSON: [String: Any] {
        ["model_type": "bert", "vocab_size": Self.vocabularySize, "hidden_size": hiddenSize,
         "num_hidden_layers": layers, "num_attention_heads": heads, "intermediate_size": intermediateSize,
         "max_position_embeddings": Self.maxPositions, "type_vocab_size": 2,
         "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1]
    }

    /// Every weight of the model by its checkpoint name, drawn from `seed` (layer-norm gains near 1).
    public func tensors(seed: UInt64) -> [String: Tensor] {
        let d = hiddenSize, ff = intermediateSize
        var drawn = RandomTensors(seed: seed)
        drawn.draw("embeddings.word_embeddings.weight", [Self.vocabularySize, d], scale: 1)
        drawn.draw("embeddings.position_embeddings.weight", [Self.maxPositions, d], scale: 0.5)
        drawn.draw("embeddings.token_type_embeddings.weight", [2, d], scale: 0.5)
        drawn.draw("embeddings.LayerNorm.weight", [d], scale: 0.1, offset: 1)
        drawn.draw("embeddings.LayerNorm.bias", [d], scale: 0.1)
        for layer in 0..<layers {
            let p = "encoder.layer.\(layer)."
            for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"] {
                drawn.draw(p + name + ".weight", [d, d], scale: 0.5)
                drawn.draw(p + name + ".bias", [d], scale: 0.1)
            }
            drawn.draw(p + "intermediate.dense.weight", [ff, d], scale: 0.4)
            drawn.draw(p + "intermediate.dense.bias", [ff], scale: 0.1)
            drawn.draw(p + "output.dense.weight", [d, ff], scale: 0.3)
            drawn.draw(p + "output.dense.bias", [d], scale: 0.1)
            for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
                drawn.draw(p + norm + ".weight", [d], scale: 0.1, offset: 1)
                drawn.draw(p + norm + ".bias", [d], scale: 0.1)
            }
        }
        drawn.draw("pooler.dense.weight", [d, d], scale: 0.4)
        drawn.draw("pooler.dense.bias", [d], scale: 0.1)
        return drawn.tensors
    }
}
