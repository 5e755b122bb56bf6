import Foundation
import KMix

/// A small random BERT for gradient checks: 2 layers, hidden 8, 2 heads of 4. (Its encoder is built in `KMixTests`,
/// `TinyModel+Encoder.swift`.)
public enum TinyModel {
    /// The model's layers, heads and hidden size.
    public static let shape = AdapterPlan.ModelShape(layerCount: 2, headCount: 2, hiddenSize: 8)

    /// The model: `RandomBert` with 2 layers and 2 heads of 4.
    public static let model = RandomBert(layers: 2, heads: 2, headSize: 4)

    /// The model's `config.json` object.
    public static var configurationJSON: [String: Any] { model.configurationJSON }

    /// Every weight of the model by its checkpoint name, drawn from `seed` (layer-norm gains near 1).
    public static func tensors(seed: UInt64 = 7) -> [String: Tensor] {
        model.tensors(seed: seed)
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
