import Foundation

/// The state of a run after one step: the adapters and task head, the
/// optimiser's moments, and where in the batch schedule the run stands —
/// enough to use the adapters and to resume the run exactly.
///
/// The learning-rate schedule is a function of the step and the dropout masks
/// of step n are derived from (seed, n) alone, so these are the whole state.
public struct Checkpoint: Sendable {
    /// The checkpoint format version, written in every file's metadata.
    public static let formatVersion = 1

    /// Updates taken.
    public var step: Int
    /// The epoch of the next batch.
    public var epoch: Int
    /// Batches of that epoch already trained.
    public var position: Int
    /// The run's seed (initialisation, shuffling, dropout).
    public var seed: UInt64
    /// Workers the run splits batches over (dropout streams depend on it).
    public var workers: Int
    /// Dev accuracy measured at this step, when there was an evaluation.
    public var devAccuracy: Double?
    /// The trained adapters and task head.
    public var adapters: AdapterSet
    /// The optimiser's state.
    public var optimizer: AdamW
    /// What the checkpoint was trained for.
    public var description: CheckpointDescription
    /// The smoothed sensitivity of a run whose ranks move (`Reallocation`), so that a resumed run reallocates as the
    /// uninterrupted one would; nil for other runs.
    public var sensitivity: SensitivityTracker?
    /// The identity of the run that wrote it (its `config.json`'s `run_id`); nil in checkpoints of runs made
    /// before runs had one.
    public var runID: String?

    /// A checkpoint of the given state.
    public init(step: Int, epoch: Int, position: Int, seed: UInt64, workers: Int, devAccuracy: Double?,
                adapters: AdapterSet, optimizer: AdamW, description: CheckpointDescription,
                sensitivity: SensitivityTracker? = nil, runID: String? = nil) {
        self.sensitivity = sensitivity
        self.runID = runID
        self.step = step
        self.epoch = epoch
        self.position = position
        self.seed = seed
        self.workers = workers
        self.devAccuracy = devAccuracy
        self.adapters = adapters
        self.optimizer = optimizer
        self.description = description
    }

    /// Suffixes and name of the sensitivity tensors in `optimizer.safetensors` (runs that reallocate).
    static let sensitivityMean = ".sensitivity_mean", sensitivityUncertainty = ".sensitivity_uncertainty"
    static let sensitivityUpdates = "sensitivity_updates"

    /// The files of a checkpoint folder.
    public enum File {
        /// Adapter tensors and the task head.
        public static let adapters = "adapter_model.safetensors"
        /// The plan, base model, labels and hyper-parameters.
        public static let configuration = "adapter_config.json"
        /// AdamW's moments and step.
        public static let optimizer = "optimizer.safetensors"
        /// Step, epoch, position in the epoch, seed.
        public static let trainerState = "trainer_state.json"
        /// Every file, in the order they are written.
        public static let all = [adapters, optimizer, trainerState, configuration]
    }

    /// The plan's identity (`AdapterPlan.identityHash`): the same for the same plan however its file is laid out.
    public var planIdentity: String { adapters.plan.identityHash }

    /// The bytes of every file of the checkpoint, by file name.
    public func files() throws -> [String: [UInt8]] {
        var tensors = try adapters.safetensors(step: step)
        tensors.metadata = ["format": "kmix-checkpoint", "format_version": "\(Self.formatVersion)", "step": "\(step)",
                            "epoch": "\(epoch)", "plan_identity": planIdentity, "labels": "\(adapters.labelCount)"]
        var moments = SafeTensorsWriter(metadata: ["format": "kmix-optimizer", "format_version": "\(Self.formatVersion)",
                                                   "optimizer": "adamw", "step": "\(optimizer.step)"])
        for entry in adapters.store.entries {
            try moments.add(entry.name + ".exp_avg", shape: entry.shape,
                            floats: Array(optimizer.firstMoment[entry.range]))
            try moments.add(entry.name + ".exp_avg_sq", shape: entry.shape,
                            floats: Array(optimizer.secondMoment[entry.range]))
        }
        try moments.add("step", shape: [1], int64s: [Int64(optimizer.step)])
        if let sensitivity {
            for entry in adapters.store.entries {
                try moments.add(entry.name + Self.sensitivityMean, shape: entry.shape, floats: Array(sensitivity.mean[entry.range]))
                try moments.add(entry.name + Self.sensitivityUncertainty, shape: entry.shape,
                                floats: Array(sensitivity.uncertainty[entry.range]))
            }
            try moments.add(Self.sensitivityUpdates, shape: [1], int64s: [Int64(sensitivity.updates)])
        }
        let state = "{\n  \"kmix_checkpoint\": \(Self.formatVersion),\n  \"step\": \(step),\n  \"epoch\": \(epoch),\n"
            + "  \"position\": \(position),\n  \"seed\": \(seed),\n  \"workers\": \(workers),\n"
            + (runID.map { "  \"run_id\": \"\($0)\",\n" } ?? "")
            + "  \"dev_accuracy\": \(devAccuracy.map { "\($0)" } ?? "null")\n}\n"
        return [File.adapters: tensors.encoded(), File.optimizer: moments.encoded(), File.trainerState: Array(state.utf8),
                File.configuration: Array(description.json(plan: adapters.plan, planIdentity: planIdentity).utf8)]
    }
}
