/// How long and how a run trains.
public struct TrainingParameters: Sendable, Equatable {
    /// Passes over the training set (ignored when `maxSteps` ends the run first).
    public var epochs: Int
    /// Stop after this many updates (nil: run all epochs).
    public var maxSteps: Int?
    /// Sentences per batch.
    public var batchSize: Int
    /// AdamW, schedule and clipping.
    public var optimizer: OptimizerSettings
    /// Seed for initialisation, shuffling and dropout.
    public var seed: UInt64
    /// Evaluate on the dev set every this many steps (nil: only at the end).
    public var evaluateEvery: Int?
    /// Publish per-head adapter norms every this many steps.
    public var headNormsEvery: Int
    /// Workers a batch is split over (see `ThreadPolicy`).
    public var workers: Int
    /// Batches per length bucket (see `BatchSchedule`); 1 gives batches of random lengths.
    public var bucketBatches: Int
    /// When set, the per-head ranks move between steps by the heads' sensitivity (`Reallocation`).
    public var reallocation: Reallocation?
    /// A language model's label smoothing ε in [0, 1) (classification ignores it).
    public var labelSmoothing: Float

    /// Parameters with the Kernel-mix authors' NLU optimiser defaults.
    public init(epochs: Int = 1, maxSteps: Int? = nil, batchSize: Int = 32,
                optimizer: OptimizerSettings = .paperNLU, seed: UInt64 = 42, evaluateEvery: Int? = nil,
                headNormsEvery: Int = 10, workers: Int = ThreadPolicy.defaultWorkers, bucketBatches: Int = 50,
                reallocation: Reallocation? = nil, labelSmoothing: Float = 0) {
        self.epochs = epochs
        self.maxSteps = maxSteps
        self.batchSize = batchSize
        self.optimizer = optimizer
        self.seed = seed
        self.evaluateEvery = evaluateEvery
        self.headNormsEvery = headNormsEvery
        self.workers = workers
        self.bucketBatches = bucketBatches
        self.reallocation = reallocation
        self.labelSmoothing = labelSmoothing
    }

    /// Updates in the run for `examples` training examples.
    public func totalSteps(examples: Int) -> Int {
        let perEpoch = examples.dividedRoundingUp(by: batchSize)
        return min(maxSteps ?? Int.max, perEpoch.saturatingMultiplied(by: max(1, epochs)))
    }

    /// Epochs needed to reach `totalSteps(examples:)`.
    public func epochCount(examples: Int) -> Int {
        let perEpoch = max(1, examples.dividedRoundingUp(by: batchSize))
        return totalSteps(examples: examples).dividedRoundingUp(by: perEpoch)
    }
}
