import Foundation

/// Everything a training run needs.
public struct TrainingSetup: Sendable {
    /// The frozen model.
    public let model: PretrainedModel
    /// The adapter budget.
    public let plan: AdapterPlan
    /// Training examples, encoded.
    public let train: EncodedDataset
    /// Dev examples, encoded with the training label set (nil: no evaluation).
    public let dev: EncodedDataset?
    /// How long and how to train.
    public let parameters: TrainingParameters
    /// When set, `metrics.jsonl` and `adapters.safetensors` are written here as the run goes.
    public let runFolder: URL?

    /// A setup; `dev` must use `train`'s labels.
    public init(model: PretrainedModel, plan: AdapterPlan, train: EncodedDataset, dev: EncodedDataset?,
                parameters: TrainingParameters, runFolder: URL?) {
        self.model = model
        self.plan = plan
        self.train = train
        self.dev = dev
        self.parameters = parameters
        self.runFolder = runFolder
    }
}

/// Why a run stopped early; `reason` is one sentence.
struct TrainingFailure: Error {
    let step: Int
    let reason: String
}
