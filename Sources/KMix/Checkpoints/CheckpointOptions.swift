/// When a run writes checkpoints into `RUN_DIR/checkpoints/` and which it keeps.
public struct CheckpointOptions: Sendable, Equatable {
    /// Write a checkpoint every this many steps (nil: only on "save now", on stop and at the end).
    public var every: Int?
    /// Keep only the newest this many (nil: keep all).
    public var keepLast: Int?
    /// Also keep the checkpoint with the best dev accuracy.
    public var keepBest: Bool
    /// The task preset, recorded in `adapter_config.json`.
    public var task: String?
    /// Label values as written in the data, in class-index order.
    public var labelValues: [String]
    /// The run's identity, written into each checkpoint; only checkpoints that carry it are the run's own.
    public var runID: String?

    /// Options with every field given.
    public init(every: Int? = nil, keepLast: Int? = nil, keepBest: Bool = false, task: String? = nil,
                labelValues: [String], runID: String? = nil) {
        self.runID = runID
        self.every = every
        self.keepLast = keepLast
        self.keepBest = keepBest
        self.task = task
        self.labelValues = labelValues
    }
}
