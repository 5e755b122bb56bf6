import Foundation
import KMix

/// A small random BERT for gradient checks: 2 layers, hidden 8, 2 heads of 4. (Its encoder is built in `KMixTests`,
/// `TinyModel+Encoder.swift`.)
public enum TinyModel {
    /// The model's layers, heads and hidden size.
    public static let shape = AdapterPlan.ModelShape(layerCount: 2, headCount: 2, hiddenSize: 8)

    /// The model's `config.json` object.
    public static var configurationJSON: [String: Any] {
        ["model_type": "bert", "vocab_size": 20, "hidden_size": 8, "num_hidden_layers": 2,
         "num_attention_heads": 2, "intermediate_size": 16, "max_position_embeddings": 16,
         "type_vocab_size": 2, "hidden_dropout_prob": 0.1, "attention_probs_dropout_prob": 0.1]
    }

    /// Every weight of the model by its checkpoint name, drawn from `seed` (layer-norm gains near 1).
    public static func tensors(seed: UInt64 = 7) -> [String: Tensor] {
        var generator = SeededGenerator(seed: seed)
        var tensors: [String: Tensor] = [:]
        func random(_ name: String, _ shape: [Int], scale: Double = 0.3, offset: Float = 0) {
            let count = shape.reduce(1, *)
            tensors[name] = Tensor(shape: shape, scalars: (0..<count).map { _ in
                offset + Float(generator.nextNormal() * scale)
            })
        }
        random("embeddings.word_embeddings.weight", [20, 8], scale: 1)
        random("embeddings.position_embeddings.weight", [16, 8], scale: 0.5)
        random("embeddings.token_type_embeddings.weight", [2, 8], scale: 0.5)
        random("embeddings.LayerNorm.weight", [8], scale: 0.1, offset: 1)
        random("embeddings.LayerNorm.bias", [8], scale: 0.1)
        for layer in 0..<2 {
            let p = "encoder.layer.\(layer)."
            for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"] {
                random(p + name + ".weight", [8, 8], scale: 0.5)
                random(p + name + ".bias", [8], scale: 0.1)
            }
            random(p + "intermediate.dense.weight", [16, 8], scale: 0.4)
            random(p + "intermediate.dense.bias", [16], scale: 0.1)
            random(p + "output.dense.weight", [8, 16], scale: 0.3)
            random(p + "output.dense.bias", [8], scale: 0.1)
            for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
                random(p + norm + ".weight", [8], scale: 0.1, offset: 1)
                random(p + norm + ".bias", [8], scale: 0.1)
            }
        }
        random("pooler.dense.weight", [8, 8], scale: 0.4)
        random("pooler.dense.bias", [8], scale: 0.1)
        return tensors
    }

    /// A ragged plan with zero-rank heads, every adapter kind present.
    public static func raggedPlan(head: AdapterPlan.TaskHead = .pooler, trainPooler: Bool = true) -> AdapterPlan {
        var plan = AdapterPlan(preset: .none, shape: shape)
        plan.layers[0].heads = PerProjection(query: [2, 0], value: [0, 3], output: [1, 2])
        plan.layers[0].shared = PerProjection(query: 1, value: 2, output: 1)
        plan.layers[1].heads = PerProjection(query: [1, 1], value: [2, 0], output: [0, 1])
        plan.layers[1].shared = PerProjection(query: 0, value: 1, output: 2)
        plan.taskHead = head
        plan.trainPooler = trainPooler && head == .pooler
        return plan
    }

    /// A batch of three sequences of different lengths, one a sentence pair.
    public static let batch = PackedBatch(
        sequences: [[1, 5, 7, 9, 2], [1, 3, 2], [1, 4, 4, 8, 6, 2, 11, 2]],
        typeIDs: [[0, 0, 0, 0, 0], [0, 0, 0], [0, 0, 0, 0, 0, 0, 1, 1]])
    /// The batch's labels.
    public static let labels = [1, 0, 2]
}
