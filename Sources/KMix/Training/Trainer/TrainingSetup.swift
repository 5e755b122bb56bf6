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
    /// When set (with a run folder), checkpoints are written to `runFolder/checkpoints/`.
    public let checkpoints: CheckpointOptions?
    /// When set, the run continues from this checkpoint instead of starting afresh.
    public let resume: Checkpoint?
    /// Whether to track the parameters' smoothed sensitivity (`SensitivityTracker`) and return it in the summary;
    /// a run that reallocates always does.
    public var tracksSensitivity = false
    /// The run folder's writer lock, held as long as the setup (and the trainer running it) lives.
    public var lock: RunLock?
    /// A generation run's samples: the dev sources (with their references) decoded with `decoding` after each
    /// evaluation.
    public var samples: [(source: String, references: [String])] = []
    /// How a generation run decodes its samples.
    public var decoding: GenerationSettings?

    /// A setup; `dev` must use `train`'s labels, and `resume` must have been made with `plan` and `parameters`.
    public init(model: PretrainedModel, plan: AdapterPlan, train: EncodedDataset, dev: EncodedDataset?,
                parameters: TrainingParameters, runFolder: URL?, checkpoints: CheckpointOptions? = nil,
                resume: Checkpoint? = nil) {
        self.model = model
        self.plan = plan
        self.train = train
        self.dev = dev
        self.parameters = parameters
        self.runFolder = runFolder
        self.checkpoints = checkpoints
        self.resume = resume
    }
}

extension TrainingSetup {
    /// Dev sources a generation run shows samples for.
    public static let sampleCount = 4

    /// For a generation run: decodes the first `sampleCount` distinct sources of `dev` with the run's decoding
    /// settings after each evaluation.
    public mutating func sampleGeneration(_ configuration: RunConfiguration, dev: TaskExamples?) {
        guard let decoding = configuration.decoding, let pairs = dev?.generation else { return }
        self.decoding = decoding
        samples = Array(pairs.referencesBySource.prefix(Self.sampleCount))
    }
}

/// Why a run stopped early; `reason` is one sentence.
struct TrainingFailure: Error {
    let step: Int
    let reason: String
}
