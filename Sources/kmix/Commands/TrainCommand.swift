import ArgumentParser
import Dispatch
import Foundation
import KMix

/// `kmix train`: trains adapters headless and writes a run folder.
struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train Kernel-mix (or LoRA) adapters and a classifier; write the run to --out.",
        discussion: """
        RUN_DIR receives plan.json, config.json, metrics.jsonl (one JSON object per step, evaluation \
        and head-norm report) and adapters.safetensors. Ctrl-C stops after the current step, evaluates \
        and saves; a second Ctrl-C quits at once.
        """
    )

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var dataOptions: DataOptions

    @Option(help: "A plan preset: \(AdapterPlan.Preset.names.joined(separator: ", ")).")
    var preset: String?

    @Option(help: ArgumentHelp("A plan file (docs/plans.md).", valueName: "FILE"))
    var plan: String?

    @Option(help: "Passes over the training data.")
    var epochs = 1

    @Option(name: .customLong("max-steps"), help: "Stop after this many updates.")
    var maxSteps: Int?

    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = 32

    @Option(help: "Peak learning rate (AdamW; other settings: the authors' NLU defaults).")
    var lr: Float = 2e-4

    @Option(help: "Seed for initialisation, shuffling and dropout.")
    var seed: UInt64 = 42

    @Option(name: .customLong("max-length"), help: "Truncate each example to this many tokens.")
    var maxLength = 128

    @Option(name: .customLong("eval-every"), help: "Evaluate on the dev set every N steps (default: at the end).")
    var evalEvery: Int?

    @Option(help: "Worker threads (default: one per core).")
    var threads = ThreadPolicy.defaultWorkers

    @Option(name: .customLong("bucket-batches"),
            help: "Batches per length bucket when shuffling; 1 gives batches of random lengths (kmix computes no padding either way: only which sentences share a batch changes).")
    var bucketBatches = 50

    @Option(help: ArgumentHelp("The run folder to create.", valueName: "RUN_DIR"))
    var out: String

    func validate() throws {
        if (preset == nil) == (plan == nil) { throw ValidationError("give exactly one of --preset NAME and --plan FILE") }
        if epochs < 1 { throw ValidationError("--epochs must be at least 1") }
        if let maxSteps, maxSteps < 1 { throw ValidationError("--max-steps must be at least 1") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if !(lr > 0) { throw ValidationError("--lr must be positive") }
        if maxLength < 2 { throw ValidationError("--max-length must be at least 2") }
        if threads < 1 { throw ValidationError("--threads must be at least 1") }
        if bucketBatches < 1 { throw ValidationError("--bucket-batches must be at least 1") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: out, isDirectory: true)
        if FileManager.default.fileExists(atPath: folder.appendingPathComponent("metrics.jsonl").path) {
            throw CommandError("\(out) already holds a run; choose another --out")
        }
        let model = try PretrainedModel.load(modelOption.model)
        let shape = AdapterPlan.ModelShape(model.configuration)
        let adapterPlan = try plan.map { try AdapterPlan.load(from: URL(fileURLWithPath: $0), for: shape) }
            ?? PlanCommand.preset(preset!, model: model)
        let data = try dataOptions.load()
        let limit = min(maxLength, model.configuration.maxPositions)
        let train = EncodedDataset(data.train, tokenizer: model.tokenizer, maxLength: limit)
        let dev = data.dev.map { EncodedDataset($0, tokenizer: model.tokenizer, maxLength: limit) }
        let parameters = TrainingParameters(epochs: epochs, maxSteps: maxSteps, batchSize: batchSize,
                                            optimizer: OptimizerSettings(learningRate: lr), seed: seed,
                                            evaluateEvery: evalEvery, workers: threads, bucketBatches: bucketBatches)
        let configuration = RunConfiguration(
            model: model.folder.path, task: dataOptions.task, trainFile: data.files.0, devFile: data.files.1,
            textColumn: data.columns.0.text, pairColumn: data.columns.0.pair, labelColumn: data.columns.0.label,
            devTextColumn: data.columns.1.text, labelValues: data.train.labelValues, labelNames: data.train.labelNames,
            maxLength: limit, maxTrainRows: dataOptions.maxTrainRows, parameters: parameters)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try adapterPlan.write(to: folder.appendingPathComponent("plan.json"))
        try Data(configuration.encoded()).write(to: folder.appendingPathComponent("config.json"), options: .atomic)

        let trainer = Trainer(TrainingSetup(model: model, plan: adapterPlan, train: train, dev: dev,
                                            parameters: parameters, runFolder: folder))
        let interrupt = InterruptHandler { trainer.stop() }
        trainer.start()
        let progress = ProgressPrinter()
        var cursor = 0, failure: String?
        while true {
            let read = trainer.events.read(after: cursor)
            cursor = read.cursor
            for event in read.events {
                progress.show(event)
                if case let .failed(_, reason) = event { failure = reason }
            }
            if read.events.contains(where: { if case .finished = $0 { return true }; if case .failed = $0 { return true }; return false }) {
                break
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        interrupt.cancel()
        if let failure { throw CommandError("training failed: \(failure)") }
    }
}
