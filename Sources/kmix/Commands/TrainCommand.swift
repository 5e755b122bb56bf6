import ArgumentParser
import Foundation
import KMix
import KMixOptions

/// `kmix train`: trains adapters headless and writes a run folder.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train Kernel-mix (or LoRA) adapters and a classifier; write the run to --out.",
        discussion: """
        RUN_DIR receives plan.json, config.json, metrics.jsonl (one JSON object per step, evaluation \
        and head-norm report), adapters.safetensors and checkpoints/step-N (docs/formats.md). Ctrl-C \
        stops after the current step, evaluates, saves and exits with status 130; a second Ctrl-C quits at once. \
        --resume RUN_DIR continues a run from its newest complete checkpoint with its config.json: \
        every later step's loss equals the uninterrupted run's.
        """
    )

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var dataOptions: DataOptions

    @Option(help: ArgumentHelp("A plan preset: \(AdapterPlan.Preset.names.joined(separator: ", ")) (default: "
                               + "\(TrainingDefaults.preset.name) when no --plan is given)."))
    var preset: String?

    @Option(help: ArgumentHelp("A plan file (docs/plans.md).", valueName: "FILE"))
    var plan: String?

    @Option(help: "Passes over the training data (default: as many as --max-steps needs, else 1).")
    var epochs: Int?

    @Option(name: .customLong("max-steps"),
            help: "Stop after this many updates (an --epochs that ends the run sooner is refused).")
    var maxSteps: Int?

    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = TrainingDefaults.batchSize

    @Option(help: "Peak learning rate (AdamW with the authors' other NLU settings; the default is measured, docs/training.md).")
    var lr: Float = TrainingDefaults.learningRate

    @Option(name: .customLong("weight-decay"), help: "AdamW's decoupled weight decay (not on biases).")
    var weightDecay: Float = OptimizerSettings.paperNLU.weightDecay

    @Option(help: "AdamW's beta1.")
    var beta1: Float = OptimizerSettings.paperNLU.beta1

    @Option(help: "AdamW's beta2.")
    var beta2: Float = OptimizerSettings.paperNLU.beta2

    @Option(help: "AdamW's epsilon.")
    var epsilon: Float = OptimizerSettings.paperNLU.epsilon

    @Option(help: "Share of the steps spent warming up the learning rate.")
    var warmup: Float = OptimizerSettings.paperNLU.warmupFraction

    @Option(name: .customLong("clip-norm"), help: "Clip gradients to this global norm (0: no clipping).")
    var clipNorm: Float = 1

    @Option(help: "Seed for initialisation, shuffling and dropout.")
    var seed: UInt64 = 42

    @Option(name: .customLong("max-length"),
            help: "Truncate each example to this many tokens (default: 128, or the model's positions when fewer).")
    var maxLength: Int?

    @Option(name: .customLong("eval-every"), help: "Evaluate on the dev set every N steps (default: at the end).")
    var evalEvery: Int?

    @OptionGroup var threads: ThreadsOption

    @Option(name: .customLong("bucket-batches"),
            help: "Batches per length bucket when shuffling; 1 gives batches of random lengths (kmix computes no padding either way: only which sentences share a batch changes).")
    var bucketBatches = 50

    @Option(name: .customLong("save-every"), help: "Write a checkpoint every N steps (always: on Ctrl-C and at the end).")
    var saveEvery: Int?

    @Option(name: .customLong("keep-last"), help: "Keep only the newest N checkpoints (default: all).")
    var keepLast: Int?

    @Flag(name: .customLong("keep-best"), help: "Also keep the checkpoint with the best dev accuracy.")
    var keepBest = false

    @Option(help: ArgumentHelp("Move per-head ranks between heads by their sensitivity during training, keeping the count: "
                               + "after every N steps up to step M, each rank between min (1 unless given) and max (the "
                               + "head size unless given) (docs/allocation.md).", valueName: "every=N,until=M[,min=R][,max=R]"))
    var reallocate: String?

    @Option(name: .customLong("label-smoothing"),
            help: "A generation run's label smoothing ε in [0, 1) (the Kernel-mix NLG setting is 0.1; default: 0).")
    var labelSmoothing: Float?

    @OptionGroup(title: "Decoding (generation runs: the samples at each evaluation and kmix eval)")
    var decoding: DecodingOptions

    @Option(help: ArgumentHelp("Continue this run from its newest complete checkpoint.", valueName: "RUN_DIR"))
    var resume: String?

    @Option(help: ArgumentHelp("The run folder to create: a new or empty folder.", valueName: "RUN_DIR"))
    var out: String?

    @Flag(help: ArgumentHelp("Replace the kmix run in --out: its own files and checkpoints are removed (and named) "
                             + "first; other files stay."))
    var overwrite = false

    func validate() throws {
        if (out == nil) == (resume == nil) { throw ValidationError("give exactly one of --out RUN_DIR and --resume RUN_DIR") }
        if out == "" || resume == "" { throw ValidationError("--\(out == "" ? "out" : "resume") is empty; give a folder path") }
        if overwrite && out == nil { throw ValidationError("--overwrite applies to --out, not --resume") }
        if let evalEvery, evalEvery < 1 { throw ValidationError("--eval-every must be at least 1") }
        if let saveEvery, saveEvery < 1 { throw ValidationError("--save-every must be at least 1") }
        if let keepLast, keepLast < 1 { throw ValidationError("--keep-last must be at least 1") }
        if resume != nil {
            let fixed = try optionsFixedOnResume()
            guard fixed.isEmpty else {
                throw ValidationError("\(fixed.joined(separator: ", ")) cannot change on --resume: a resumed run keeps the settings "
                                      + "of its config.json (only --eval-every, --save-every, --keep-last and --keep-best may change)")
            }
            return
        }
        if preset != nil && plan != nil { throw ValidationError("give --preset NAME or --plan FILE, not both") }
        if let preset { _ = try PresetArgument.parse(preset) }
        if let epochs, epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if !(clipNorm.isFinite && clipNorm >= 0) {
            throw ValidationError("--clip-norm must be a finite number of at least 0 (0: no clipping), not \(clipNorm)")
        }
        if let problem = optimizerSettings.problem {
            throw ValidationError("\(Self.optionName(problem.setting)) \(problem.reason)")
        }
        if let maxLength, maxLength < 2 { throw ValidationError("--max-length must be at least 2") }
        if bucketBatches < 1 { throw ValidationError("--bucket-batches must be at least 1") }
        _ = try reallocation()
        if let labelSmoothing, !(0..<1).contains(labelSmoothing) {
            throw ValidationError("--label-smoothing must be at least 0 and below 1, not \(labelSmoothing)")
        }
        if dataOptions.source?.pairColumns == nil, labelSmoothing != nil || decoding.isGiven {
            throw ValidationError("--label-smoothing, --beams, --length-penalty, --no-repeat-ngram and --max-new-tokens "
                                  + "are a generation run's (--task e2e, or --source-column and --target-column)")
        }
    }

    func run() throws {
        if let resume { return try resumeRun(URL(fileURLWithPath: resume, isDirectory: true)) }
        let out = self.out!
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        do { try RunStarter.checkTarget(folder, overwrite: overwrite) } catch RunStartError.notAFolder {
            throw CommandError("--out \(out) is a file; give a folder path")
        } catch RunStartError.holdsARun {
            throw CommandError("\(out) already holds a kmix run; choose another --out, continue it with --resume, or replace "
                               + "it with --overwrite")
        }
        let staged = try stage(model: try PretrainedModel.load(modelOption.model))
        StandardOutput.writeReporting(Self.dataLine(staged.data, task: dataOptions.source?.task) + "\n")
        let (setup, removed) = try staged.create(folder, overwrite: overwrite)
        if !removed.isEmpty { print("--overwrite removed \(removed.joined(separator: ", ")) from \(folder.path)") }
        try runTrainer(setup)
    }

    /// The plan the options name for `model`: `--plan`'s file, else `--preset`'s preset, else the default preset
    /// (for a generation run, `paper-nlg`, the authors' NLG budget).
    func adapterPlan(for model: PretrainedModel) throws -> AdapterPlan {
        let fallback = dataOptions.source?.pairColumns == nil ? TrainingDefaults.preset : TrainingDefaults.generationPreset
        return try plan.map { try AdapterPlan.load(from: URL(fileURLWithPath: $0), for: AdapterPlan.ModelShape(model.configuration)) }
            ?? PlanCommand.preset(preset ?? fallback.name, model: model)
    }

    /// The new run the options describe, staged for `model` (its plan and data read, its length settled); a refusal
    /// names the options that cause it.
    func stage(model: PretrainedModel) throws -> StagedRun {
        let plan = try adapterPlan(for: model)
        return try namingOptions { try RunStarter.stage(try request(plan: plan), model: model) }
    }

    /// Checks the run the options describe, training `plan`, against `model` and a training set of `trainingRows`
    /// rows as `stage` would, without reading the data.
    func check(model: PretrainedModel, plan: AdapterPlan, trainingRows: Int) throws {
        try namingOptions { try RunStarter.check(try request(plan: plan), model: model, trainingRows: trainingRows) }
    }

    /// `body`'s result; its refusals of the run's length and maximum length restated with the options that set them.
    private func namingOptions<Result>(_ body: () throws -> Result) throws -> Result {
        do {
            return try body()
        } catch let error as RunLengthConflict {
            throw ValidationError(error.message(epochsName: "--epochs", maxStepsName: "--max-steps"))
        } catch let RunStartError.maxLengthBeyondPositions(maxLength, positions, name) {
            throw CommandError("--max-length \(maxLength) exceeds the \(positions) positions of \(name)")
        }
    }

    /// The run the options describe, training `plan`.
    func request(plan: AdapterPlan) throws -> RunRequest {
        var request = RunRequest(plan: plan, data: try dataOptions.requireSource())
        request.maxTrainRows = dataOptions.maxTrainRows
        request.maxLength = maxLength
        request.epochs = epochs
        request.maxSteps = maxSteps
        request.batchSize = batchSize
        request.optimizer = optimizerSettings
        request.seed = seed
        request.evaluateEvery = evalEvery
        request.workers = threads.workers
        request.bucketBatches = bucketBatches
        request.saveEvery = saveEvery
        request.keepLast = keepLast
        request.keepBest = keepBest
        request.reallocation = try reallocation()
        request.labelSmoothing = labelSmoothing ?? 0
        request.decoding = decoding.isGiven ? decoding.applied(to: .dataToText) : nil
        return request
    }

    /// The optimizer settings the options give.
    var optimizerSettings: OptimizerSettings {
        OptimizerSettings(learningRate: lr, beta1: beta1, beta2: beta2, epsilon: epsilon, weightDecay: weightDecay,
                          warmupFraction: warmup, clipNorm: clipNorm > 0 ? clipNorm : nil)
    }

    /// The option that sets `setting`.
    static func optionName(_ setting: OptimizerSettingsProblem.Setting) -> String {
        switch setting {
        case .learningRate: "--lr"
        case .beta1: "--beta1"
        case .beta2: "--beta2"
        case .epsilon: "--epsilon"
        case .weightDecay: "--weight-decay"
        case .warmupFraction: "--warmup"
        case .clipNorm: "--clip-norm"
        }
    }

    /// `--reallocate` as a reallocation (nil: not given); a refusal names the option.
    func reallocation() throws -> Reallocation? {
        guard let reallocate else { return nil }
        do {
            return try Reallocation(parsing: reallocate)
        } catch {
            throw ValidationError(error.message(subject: "--reallocate"))
        }
    }

    /// Where the run's data comes from and how much of it there is; for the sample kmix ships, where the full set is.
    static func dataLine(_ data: LoadedData, task: TaskPreset?) -> String {
        let counts = "\(data.train.count.grouped) training rows" + (data.dev.map { ", \($0.count.grouped) dev rows" } ?? ", no dev set")
        var line = "data: \(data.files.description()): \(counts)"
        if data.files.isShippedSample, let task {
            line += "; the full data set: \(task.fullDataSource), then --data DIR"
        }
        return line
    }

    /// Continues the run in `folder` from its newest complete checkpoint.
    func resumeRun(_ folder: URL) throws {
        let (setup, step) = try RunStarter.resume(folder, evaluateEvery: evalEvery, saveEvery: saveEvery, keepLast: keepLast,
                                                  keepBest: keepBest)
        print("resuming \(folder.path) from step \(step)")
        try runTrainer(setup)
    }

    /// Runs `setup`, showing progress, until it finishes or fails; a run stopped by Ctrl-C (saved, like a finished
    /// one) exits with 128 + the signal (130 for Ctrl-C, 143 for SIGTERM, 129 for SIGHUP), so that scripts can tell it from a
    /// completed run.
    func runTrainer(_ setup: TrainingSetup) throws {
        let trainer = Trainer(setup)
        let interrupt = InterruptHandler { trainer.stop() }
        defer { interrupt.cancel() }
        let progress = ProgressPrinter(maxSteps: setup.parameters.maxSteps)
        if try TrainerDriver.run(trainer, show: progress.show) { throw ExitCode(interrupt.exitStatus) }
    }
}
