import Foundation
import KMixTestSupport
@testable import KMix

/// Runs with random adapters of a ragged plan on the family fixtures (`FamilyFixture`: `tiny-roberta`, a
/// `RobertaForSequenceClassification`, and `tiny-gpt2`, a `GPT2LMHeadModel`, with byte-level BPE tokenizers).
enum FamilyModels {
    /// The fixture model `name`.
    static func model(_ name: String) throws -> PretrainedModel {
        try PretrainedModel.load(folder: FamilyFixture.folder(name))
    }

    /// A ragged plan for `shape` with zero-rank heads in every layer and every adapter kind: per-head ranks 0–2
    /// (Q, O) and 0–3 (V), shared ranks 0–2; layer 1 has no query adapter at all. The `pooler` head.
    static func raggedPlan(_ shape: AdapterPlan.ModelShape, trainPooler: Bool) -> AdapterPlan {
        var plan = AdapterPlan(preset: .none, shape: shape)
        for layer in 0..<shape.layerCount {
            let heads = 0..<shape.headCount
            plan.layers[layer].heads = PerProjection(query: heads.map { layer == 1 ? 0 : ($0 + layer) % 3 },
                                                     value: heads.map { ($0 + 2 * layer + 1) % 4 },
                                                     output: heads.map { (2 * $0 + layer) % 3 })
            plan.layers[layer].shared = PerProjection(query: layer == 1 ? 0 : 1, value: layer % 2 == 0 ? 2 : 0,
                                                      output: min(layer, 2))
        }
        plan.taskHead = .pooler
        plan.trainPooler = trainPooler
        return plan
    }

    /// A run of `model` (as `run` inside `folder`) with `plan` and every adapter value random (N(0, 0.3²) added),
    /// a trained pooler starting from the model's.
    static func run(_ model: PretrainedModel, plan: AdapterPlan, in folder: URL, seed: UInt64 = 11) -> TrainedRun {
        let weights = model.encoder.weights
        var adapters = AdapterSet(plan: plan, labelCount: 3, pooler: weights.poolerWeight.map { ($0, weights.poolerBias!) })
        var generator = SeededGenerator(seed: seed)
        for i in adapters.store.values.indices { adapters.store.values[i] += Float(generator.nextNormal() * 0.3) }
        let configuration = RunConfiguration(
            model: model.folder.path, task: nil, trainFile: "train.tsv", devFile: nil, textColumn: nil, pairColumn: nil,
            labelColumn: nil, devTextColumn: nil, labelValues: ["0", "1", "2"], labelNames: ["neg", "neutral", "pos"],
            maxLength: 64, maxTrainRows: nil, parameters: TrainingParameters())
        return TrainedRun(folder: folder.appendingPathComponent("run"), configuration: configuration, model: model,
                          adapters: adapters)
    }

    /// The largest absolute difference of two equally long arrays.
    static func difference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
