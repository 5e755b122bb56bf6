import Foundation
@testable import KMix

/// The tiny random model with a matching tokenizer, and a labelled data set it can learn:
/// label 1 when the sentence contains "good", else 0.
enum TinyWorkspace {
    static let words = ["good", "bad", "film", "plot", "the", "a", "very", "dull", "fun", "long", "short", "and", "not"]

    /// The tokenizer's vocabulary, one token per model word-embedding row.
    static let vocabulary = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"] + words + ["x", "y"]

    static func model() throws -> PretrainedModel {
        let encoder = try TinyModel.encoder()
        let tokenizer = try WordPieceTokenizer(vocabulary: vocabulary)
        return PretrainedModel(folder: URL(fileURLWithPath: "/tiny"), configuration: encoder.configuration,
                               tokenizer: tokenizer, encoder: encoder)
    }

    /// `count` sentences of 2–7 words drawn with `seed`.
    static func dataset(_ count: Int, seed: UInt64) -> ClassificationDataset {
        var generator = SeededGenerator(seed: seed)
        let examples = (0..<count).map { index -> ClassificationExample in
            let length = 2 + Int(generator.next() % 6)
            let sentence = (0..<length).map { _ in words[Int(generator.next() % UInt64(words.count))] }
            return ClassificationExample(text: sentence.joined(separator: " "), pair: nil,
                                         label: sentence.contains("good") ? 1 : 0, line: index + 2)
        }
        return ClassificationDataset(examples: examples, labelValues: ["0", "1"], labelNames: ["no", "yes"],
                                     source: "tiny")
    }

    static func setup(steps: Int, seed: UInt64 = 1, learningRate: Float = 3e-2, workers: Int = 2,
                      evaluateEvery: Int? = nil, runFolder: URL? = nil) throws -> TrainingSetup {
        let model = try model()
        let train = EncodedDataset(dataset(256, seed: 5), tokenizer: model.tokenizer, maxLength: 16)
        let dev = EncodedDataset(dataset(64, seed: 6), tokenizer: model.tokenizer, maxLength: 16)
        let parameters = TrainingParameters(epochs: 100, maxSteps: steps, batchSize: 16,
                                            optimizer: OptimizerSettings(learningRate: learningRate), seed: seed,
                                            evaluateEvery: evaluateEvery, headNormsEvery: 5, workers: workers)
        return TrainingSetup(model: model, plan: TinyModel.raggedPlan(head: .cls, trainPooler: false), train: train,
                             dev: dev, parameters: parameters, runFolder: runFolder)
    }
}
