/// A new run as `kmix train`, `kmix-tui` and `kmix experiment` describe it, before its data are read: what
/// `RunStarter.stage` turns into a `StagedRun`. Settings left as they are take `TrainingDefaults`.
public struct RunRequest: Sendable {
    /// The adapter budget.
    public var plan: AdapterPlan
    /// Where the examples come from.
    public var data: DataSource
    /// Use only the first rows of the training file (nil: all).
    public var maxTrainRows: Int?
    /// Tokens per example (nil: 128, or the model's positions when fewer).
    public var maxLength: Int?
    /// The run's length (`RunLength`): epochs, else as many as `maxSteps` needs, else 1.
    public var epochs: Int?
    public var maxSteps: Int?
    public var batchSize = TrainingDefaults.batchSize
    /// AdamW, schedule and clipping.
    public var optimizer = OptimizerSettings(learningRate: TrainingDefaults.learningRate)
    public var seed: UInt64 = 42
    /// Evaluate on the dev set every this many steps (nil: at the end only).
    public var evaluateEvery: Int?
    /// Publish per-head adapter norms every this many steps.
    public var headNormsEvery = 10
    public var workers = ThreadPolicy.defaultWorkers
    public var bucketBatches = 50
    /// Checkpoints: every this many steps (nil: on stop, "save now" and at the end), how many to keep, and
    /// whether to keep the best by dev accuracy.
    public var saveEvery: Int?
    public var keepLast: Int?
    public var keepBest = false
    /// Ranks that move during training, when set.
    public var reallocation: Reallocation?
    /// A generation run's label smoothing ε in [0, 1).
    public var labelSmoothing: Float = 0
    /// How a generation run decodes (nil: `GenerationSettings.dataToText`).
    public var decoding: GenerationSettings?

    /// A request to train `plan` on `data` with the default settings.
    public init(plan: AdapterPlan, data: DataSource) {
        self.plan = plan
        self.data = data
    }
}
