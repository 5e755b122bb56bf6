import Foundation
import KMixTestSupport
@testable import KMix

/// One random setting for comparing the packed engine with `ReferenceKernelMix`: a small random
/// BERT, a ragged plan, adapter values, and a labelled batch of sentences of varied lengths.
///
/// Plan `index` of a series takes the task head `pooler`, `cls`, `mean` in turn (the pooler trains
/// in about half of the `pooler` plans), the adapter values houlsby, lora, random, random in turn,
/// and the model (`models`: its layer count, head count and head size) in turn every three plans.
/// Everything else is drawn from `seed`: each layer is frozen (every rank 0) with probability 1/4,
/// else each head's rank is 0 with probability 1/3 or uniform in 1…dh, and each shared rank 0 with
/// probability 1/2 or uniform in 1…d; `lora_alpha` (0.5, 3 or 16) is set in a third of the plans;
/// 2 or 3 labels; 2 to 5 sentences of 1 to 16 random tokens, a third of them sentence pairs.
struct RandomKernelMixCase {
    /// How the adapter tensors get their values.
    enum Values {
        /// The plan's `houlsby` initialisation (truncated normal × 0.01).
        case houlsby
        /// The plan's `lora` initialisation (B and biases zero: the adapters add nothing yet).
        case lora
        /// Normal, standard deviation 0.3: large enough that every adapter changes the logits.
        case random
    }

    /// The models drawn from: layers, heads and head size.
    static let models = [TinyModel.model, RandomBert(layers: 2, heads: 3, headSize: 4),
                         RandomBert(layers: 3, heads: 4, headSize: 2), RandomBert(layers: 2, heads: 1, headSize: 5)]

    let model: RandomBert
    let encoder: Transformer
    let values: Values
    let adapters: AdapterSet
    let batch: PackedBatch
    let labels: [Int]
    /// The seed everything was drawn from.
    let seed: UInt64

    /// Case `index` of a series, drawn from `seed`.
    init(index: Int, seed: UInt64) throws {
        var generator = SeededGenerator(seed: seed)
        func chance(_ probability: Double) -> Bool { Double.random(in: 0..<1, using: &generator) < probability }
        self.seed = seed
        model = Self.models[index / 3 % Self.models.count]
        encoder = try model.encoder(seed: seed)
        values = [.houlsby, .lora, .random, .random][index % 4]
        let d = model.hiddenSize, dh = model.headSize

        var plan = AdapterPlan(preset: .none, shape: model.shape)
        for l in plan.layers.indices {
            let frozen = chance(1 / 4)
            for projection in Projection.allCases {
                plan.layers[l].heads[projection] = (0..<model.heads).map { _ in
                    frozen || chance(1 / 3) ? 0 : Int.random(in: 1...dh, using: &generator)
                }
                plan.layers[l].shared[projection] = frozen || chance(1 / 2) ? 0 : Int.random(in: 1...d, using: &generator)
            }
        }
        plan.taskHead = AdapterPlan.TaskHead.allCases[index % AdapterPlan.TaskHead.allCases.count]
        plan.trainPooler = plan.taskHead == .pooler && chance(1 / 2)
        plan.loraAlpha = chance(1 / 3) ? [0.5, 3, 16].randomElement(using: &generator)! : nil
        plan.initialization = values == .lora ? .lora : .houlsby

        var adapters = AdapterSet(plan: plan, labelCount: Int.random(in: 2...3, using: &generator),
                                  pooler: (encoder.weights.poolerWeight!, encoder.weights.poolerBias!))
        adapters.initialize(using: &generator)
        for entry in adapters.store.entries where !entry.name.hasPrefix("head.pooler") {
            // The classifier is drawn larger than its N(0, 0.02) so that the adapters' gradients are not tiny.
            let scale = entry.name.hasPrefix("head.") ? 0.5 : values == .random ? 0.3 : nil
            guard let scale else { continue }
            for i in entry.range { adapters.store.values[i] = Float(generator.nextNormal() * scale) }
        }
        self.adapters = adapters

        var sequences: [[Int32]] = [], types: [[Int32]] = []
        for _ in 0..<Int.random(in: 2...5, using: &generator) {
            let length = Int.random(in: 1...RandomBert.maxPositions, using: &generator)
            sequences.append((0..<length).map { _ in Int32.random(in: 0..<Int32(RandomBert.vocabularySize), using: &generator) })
            let second = length > 1 && chance(1 / 3) ? Int.random(in: 1..<length, using: &generator) : length
            types.append((0..<length).map { $0 < second ? 0 : 1 })
        }
        batch = PackedBatch(sequences: sequences, typeIDs: types)
        labels = sequences.map { _ in Int.random(in: 0..<adapters.labelCount, using: &generator) }
    }

    /// The plan.
    var plan: AdapterPlan { adapters.plan }

    /// What a failure message needs to reproduce and read the case.
    var summary: String {
        let layers = plan.layers.map { budget in
            Projection.allCases.map { "\($0.rawValue)\(budget.ranks($0))+\(budget.sharedRank($0))" }.joined(separator: " ")
        }
        return "seed \(seed): \(model.layers) layers, \(model.heads) heads of \(model.headSize); \(plan.taskHead)"
            + (plan.trainPooler ? " (trained pooler)" : "") + ", \(values) values, lora_alpha "
            + (plan.loraAlpha.map { "\($0)" } ?? "none") + ", lengths \(batch.lengths); "
            + layers.joined(separator: " | ")
    }
}
