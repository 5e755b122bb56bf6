import Foundation
import KMixTestSupport
@testable import KMix

/// A small random RoBERTa model folder (`config.json`, `model.safetensors` in `RobertaForSequenceClassification`'s
/// names, and the tiny WordPiece `vocab.txt`, whose 20 tokens fit its vocabulary: exports never tokenize; the GPT-2
/// folder is `TinyFolders.gpt2Model(in:)`), and runs with random adapters of a ragged plan.
enum FamilyModels {
    /// A RoBERTa as `RobertaForSequenceClassification` stores it: `TinyModel`'s weights under `roberta.`, two more
    /// position rows (positions count from `pad_token_id + 1`), one token type, and the pooler as `classifier.dense`.
    static func writeRoberta(to folder: URL) throws {
        var config = TinyModel.configurationJSON
        config["model_type"] = "roberta"
        config["type_vocab_size"] = 1
        config["pad_token_id"] = 1
        config["max_position_embeddings"] = RandomBert.maxPositions + 2
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in TinyModel.tensors(seed: 17) {
            switch name {
            case "embeddings.position_embeddings.weight":
                let d = tensor.shape[1]
                tensors["roberta." + name] = Tensor(shape: [tensor.shape[0] + 2, d],
                                                    scalars: Array(tensor.scalars.reversed().prefix(2 * d)) + tensor.scalars)
            case "embeddings.token_type_embeddings.weight":
                tensors["roberta." + name] = Tensor(shape: [1, tensor.shape[1]], scalars: Array(tensor.scalars.prefix(tensor.shape[1])))
            case "pooler.dense.weight", "pooler.dense.bias":
                tensors["classifier.dense." + name.split(separator: ".").last!] = tensor
            default:
                tensors["roberta." + name] = tensor
            }
        }
        try write(config: config, tensors: tensors, to: folder)
    }

    /// The GPT-2 of `TinyFolders.gpt2Model(in:)`.
    static let gpt2 = TinyFolders.gpt2

    private static func write(config: [String: Any], tensors: [String: Tensor], to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try JSONSerialization.data(withJSONObject: config, options: [.sortedKeys])
            .write(to: folder.appendingPathComponent("config.json"))
        var writer = SafeTensorsWriter()
        for (name, tensor) in tensors { try writer.add(name, tensor) }
        try writer.write(to: folder.appendingPathComponent("model.safetensors"))
        try (TinyWorkspace.vocabulary.joined(separator: "\n") + "\n")
            .write(to: folder.appendingPathComponent("vocab.txt"), atomically: true, encoding: .utf8)
    }

    /// A run of `model` (its folder inside `folder`, as `run`) with `plan` and every adapter value random and
    /// non-zero, a trained pooler starting from the model's.
    static func run(_ model: PretrainedModel, plan: AdapterPlan, in folder: URL, seed: UInt64 = 11) -> TrainedRun {
        let weights = model.encoder.weights
        var adapters = AdapterSet(plan: plan, labelCount: 3, pooler: weights.poolerWeight.map { ($0, weights.poolerBias!) })
        var generator = SeededGenerator(seed: seed)
        for i in adapters.store.values.indices { adapters.store.values[i] += Float(generator.nextNormal() * 0.4) }
        let configuration = RunConfiguration(
            model: model.folder.path, task: nil, trainFile: "train.tsv", devFile: nil, textColumn: nil, pairColumn: nil,
            labelColumn: nil, devTextColumn: nil, labelValues: ["0", "1", "2"], labelNames: ["neg", "neutral", "pos"],
            maxLength: 16, maxTrainRows: nil, parameters: TrainingParameters())
        return TrainedRun(folder: folder.appendingPathComponent("run"), configuration: configuration, model: model,
                          adapters: adapters)
    }

    /// `TinyModel`'s ragged plan (zero-rank heads, every adapter kind) with the `pooler` head.
    static func raggedPlan(trainPooler: Bool) -> AdapterPlan {
        TinyModel.raggedPlan(head: .pooler, trainPooler: trainPooler)
    }

    /// The largest absolute difference of two equally long arrays.
    static func difference(_ a: [Float], _ b: [Float]) -> Float {
        zip(a, b).map { abs($0 - $1) }.max() ?? 0
    }
}
