import KMix

/// The head probe: whether it is running and the statistics it last produced.
public struct ProbeState: Sendable {
    /// Whether a probe is running in the background.
    public var isRunning = false
    /// The latest statistics (nil: never probed).
    public var statistics: HeadStatistics?
    /// What the statistics describe: "fresh classifier" or the run folder whose adapters were probed.
    public var source: String?

    /// No probe yet.
    public init() {}
}

/// What the app asks the background probe to do.
public struct ProbeRequest: Sendable, Equatable {
    /// A finished or opened run whose adapters and classifier to probe (nil: the frozen model with a fresh classifier).
    public var runFolder: String?
    /// Batches of the dev set (else the training set).
    public var batches: Int
    /// Sentences per batch.
    public var batchSize: Int

    /// A request for `batches` batches of `batchSize` sentences.
    public init(runFolder: String?, batches: Int = 8, batchSize: Int = 32) {
        self.runFolder = runFolder
        self.batches = batches
        self.batchSize = batchSize
    }
}
