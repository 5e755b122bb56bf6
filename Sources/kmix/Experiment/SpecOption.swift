import KMix

/// The `kmix train` options an experiment spec sets, by their long names, with the TOML values each takes.
enum SpecOption {
    /// What an option's value is in the spec.
    enum Kind {
        /// A string passed as it is.
        case text
        /// A file or folder, relative to the spec's folder.
        case path
        /// A model: a folder relative to the spec's folder when one is there, else a model id.
        case model
        /// The plan: a preset, a plan file (relative to the spec's folder) or an `auto:` spec.
        case plan
        /// A whole number.
        case integer
        /// A number: a whole number or a float.
        case number
        /// true or false: the flag given or not.
        case flag

        /// The values it takes, for errors.
        var expected: String {
            switch self {
            case .text, .path, .model, .plan: "a quoted string"
            case .integer: "a whole number"
            case .number: "a number"
            case .flag: "true or false"
            }
        }
    }

    /// Every `kmix train` option a spec may set. `plan` stands for both `--preset` and `--plan`.
    static let kinds: [String: Kind] = [
        "model": .model, "task": .text, "train": .path, "dev": .path, "data": .path, "text-column": .text,
        "pair-column": .text, "label-column": .text, "dev-text-column": .text, "max-train-rows": .integer, "plan": .plan,
        "epochs": .integer, "max-steps": .integer, "batch-size": .integer, "lr": .number, "weight-decay": .number,
        "beta1": .number, "beta2": .number, "epsilon": .number, "warmup": .number, "clip-norm": .number, "seed": .integer,
        "max-length": .integer, "eval-every": .integer, "threads": .integer, "bucket-batches": .integer,
        "keep-best": .flag, "reallocate": .text,
    ]

    /// The `kmix train` options the runner sets itself, and why a spec may not.
    static let decidedByRunner: [String: String] = [
        "out": "each run's folder is DIR/runs/NAME",
        "resume": "an interrupted run is resumed by running the experiment again",
        "save-every": "the runner saves every \(ExperimentRunner.saveEvery) steps",
        "keep-last": "the runner keeps the newest checkpoint",
        "preset": "give presets, plan files and auto: specs as plan",
    ]

    /// The options whose values change an `auto:` plan: the data it is measured on, the model, the warm-up's seed
    /// and workers.
    static let allocationInputs: Set<String> = [
        "model", "task", "train", "dev", "data", "text-column", "pair-column", "label-column", "dev-text-column", "seed",
        "threads",
    ]
}
