import KMix

/// The hyper-parameters the start-training dialog edits.
public struct TrainingSettings: Sendable, Equatable {
    /// Stop after this many updates (nil: run every epoch).
    public var maxSteps: Int?
    /// Passes over the training rows (nil: as many as `maxSteps` needs, else 1; see `RunLength`).
    public var epochs: Int?
    /// Sentences per batch.
    public var batchSize: Int
    /// Peak learning rate.
    public var learningRate: Float
    /// Training rows read (nil: all).
    public var maxTrainRows: Int?
    /// Evaluate on the dev set every this many steps.
    public var evaluateEvery: Int?
    /// Per-head ranks that move during the run (nil: they stay).
    public var reallocation: Reallocation?

    /// The defaults of `kmix train` (`TrainingDefaults`): every training row, one epoch; evaluated every 50 steps so
    /// that the dev curve shows.
    public init(maxSteps: Int? = nil, epochs: Int? = nil, batchSize: Int = TrainingDefaults.batchSize,
                learningRate: Float = TrainingDefaults.learningRate, maxTrainRows: Int? = nil, evaluateEvery: Int? = 50,
                reallocation: Reallocation? = nil) {
        self.maxSteps = maxSteps
        self.epochs = epochs
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.maxTrainRows = maxTrainRows
        self.evaluateEvery = evaluateEvery
        self.reallocation = reallocation
    }
}

/// What the app needs to start a run.
public struct TrainingRequest: Sendable {
    public let plan: AdapterPlan
    public let settings: TrainingSettings
    /// The task data to train on.
    public let data: DataSource
}
