import Foundation
import KMix

/// A small GPT-2 with random weights in Hugging Face's layout (Conv1D weights stored input × output): a
/// vocabulary of 20 tokens, 16 positions, `gelu_new`, a feed-forward width of four times the hidden size.
public struct RandomGPT2: Sendable {
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
    /// Rows of the word-embedding table.
    public static let vocabularySize = 20
    /// Rows of the position-embedding table.
    public static let maxPositions = 16

    /// The shape plans for this model are made for.
    public var shape: AdapterPlan.ModelShape {
        AdapterPlan.ModelShape(layerCount: layers, headCount: heads, hiddenSize: hiddenSize)
    }

    /// The model's `config.json` object.
    public var configurationJSON: [String: Any] {
        ["model_type": "gpt2", "vocab_size": Self.vocabularySize, "n_embd": hiddenSize, "n_layer": layers,
         "n_head": heads, "n_positions": Self.maxPositions, "layer_norm_epsilon": 1e-5,
         "activation_function": "gelu_new", "resid_pdrop": 0.1, "embd_pdrop": 0.1, "attn_pdrop": 0.1]
    }

    /// Every weight of the model by its checkpoint name (without the `transformer.` prefix), drawn from `seed`.
    public func tensors(seed: UInt64) -> [String: Tensor] {
        let d = hiddenSize, ff = 4 * hiddenSize
        var drawn = RandomTensors(seed: seed)
        drawn.draw("wte.weight", [Self.vocabularySize, d], scale: 1)
        drawn.draw("wpe.weight", [Self.maxPositions, d], scale: 0.5)
        for layer in 0..<layers {
            let p = "h.\(layer)."
            for norm in ["ln_1", "ln_2"] {
                drawn.draw(p + norm + ".weight", [d], scale: 0.1, offset: 1)
                drawn.draw(p + norm + ".bias", [d], scale: 0.1)
            }
            drawn.draw(p + "attn.c_attn.weight", [d, 3 * d], scale: 0.5)
            drawn.draw(p + "attn.c_attn.bias", [3 * d], scale: 0.1)
            drawn.draw(p + "attn.c_proj.weight", [d, d], scale: 0.5)
            drawn.draw(p + "attn.c_proj.bias", [d], scale: 0.1)
            drawn.draw(p + "mlp.c_fc.weight", [d, ff], scale: 0.4)
            drawn.draw(p + "mlp.c_fc.bias", [ff], scale: 0.1)
            drawn.draw(p + "mlp.c_proj.weight", [ff, d], scale: 0.3)
            drawn.draw(p + "mlp.c_proj.bias", [d], scale: 0.1)
        }
        drawn.draw("ln_f.weight", [d], scale: 0.1, offset: 1)
        drawn.draw("ln_f.bias", [d], scale: 0.1)
        return drawn.tensors
    }
}
