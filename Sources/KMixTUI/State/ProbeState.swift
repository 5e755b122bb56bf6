import KMix

/// What a probe's statistics describe: the model without trained adapters, or a run's adapters at a step.
public enum ProbeSubject: Sendable, Equatable {
    /// The frozen model with a freshly initialised classifier, as before any training.
    case untrained
    /// The adapters and classifier of the run in `folder` after `step` steps.
    case run(folder: String, step: Int)

    /// The run folder the probe reads (nil: none).
    public var runFolder: String? {
        if case let .run(folder, _) = self { return folder }
        return nil
    }

    /// How the heads view names it: "before training", "step 32 of sst2-demo".
    public var label: String {
        switch self {
        case .untrained: return "before training"
        case let .run(folder, step): return "step \(step) of \(folder.split(separator: "/").last.map(String.init) ?? folder)"
        }
    }
}

/// The head probe: what it is probing, and the statistics it last produced with what they describe.
public struct ProbeState: Sendable {
    /// What the probe running in the background looks at (nil: none is running).
    public var running: ProbeSubject?
    /// The latest statistics (nil: never probed).
    public var statistics: HeadStatistics?
    /// What `statistics` describe.
    public var subject: ProbeSubject?

    /// No probe yet.
    public init() {}

    /// Whether a probe is running in the background.
    public var isRunning: Bool { running != nil }
}

/// What the app asks the background probe to do.
public struct ProbeRequest: Sendable, Equatable {
    /// A finished or opened run whose adapters and classifier to probe (nil: the frozen model with a fresh classifier).
    public var runFolder: String?
    /// The task data to probe on.
    public var data: DataSource
    /// Batches of the dev set (else the training set).
    public var batches: Int
    /// Sentences per batch.
    public var batchSize: Int

    /// A request for `batches` batches of `batchSize` sentences.
    public init(runFolder: String?, data: DataSource, batches: Int = 8, batchSize: Int = 32) {
        self.runFolder = runFolder
        self.data = data
        self.batches = batches
        self.batchSize = batchSize
    }
}
