import Foundation
import KMixTestSupport
@testable import KMix

extension TinyWorkspace {
    /// The tiny model (`TinyModel.encoder()`) with a tokenizer of `vocabulary`.
    static func model() throws -> PretrainedModel {
        let encoder = try TinyModel.encoder()
        let tokenizer = try Tokenizer(vocabulary: vocabulary)
        return PretrainedModel(folder: URL(fileURLWithPath: "/tiny"), configuration: encoder.configuration,
                               tokenizer: tokenizer, encoder: encoder)
    }

    /// A training set-up of the tiny model: 256 training and 64 dev examples, `steps` steps of batches of 16, the
    /// ragged plan with a `cls` head.
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
