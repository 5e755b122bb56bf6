import ArgumentParser
import Foundation
import KMix

/// `kmix-bench`: kmix's performance on named workloads, side by side with PyTorch.

struct KMixBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kmix-bench",
        abstract: "Measure kmix on a named workload and, when torch is importable, PyTorch on the same work.",
        discussion: "Run it in a release build: swift run -c release kmix-bench embed"
    )

    @Argument(help: """
        The workload: embed (encode the SST-2 dev sentences, mean pooling, normalised), \
        train-paper-nlu, train-lora-r8, train-paper-nlg (training steps on SST-2 train batches), generate \
        (continue 32 prompts with a random 6-layer GPT-2 that the PyTorch reference script builds: greedy batch 1, \
        greedy batch 16, beam 4), or train-generation (paper-nlg training steps on E2E source/target batches, \
        then decoding E2E test sources with the trained adapters folded in, on a GPT-2 with a tokenizer).
        """)
    var workload: Workload = .embed

    @Option(help: ArgumentHelp(
        "Model folder or id (default: the default model; train-generation: a random GPT-2 it makes if absent).",
        valueName: "MODEL"))
    var model: String?

    @Option(help: ArgumentHelp(
        "Sentences to encode: a TSV with a 'content' or 'sentence' column (default Datasets/sst2/dev.tsv); "
            + "train-generation: the file whose distinct 'mr' sources are decoded (default Datasets/e2e/testset_w_refs.csv).",
        valueName: "FILE"))
    var data: String?

    @Option(name: .customLong("batch-size"), help: "Sentences per batch (default 32; train-generation: 8).")
    var batchSize: Int?

    @Option(help: "Timed passes after one warm-up pass; the best is reported (embed).")
    var repeats = 3

    @Option(help: ArgumentHelp(
        "Training sentences (default Datasets/sst2/train.tsv; train-generation: 'mr'/'ref' pairs, "
            + "default Datasets/e2e/devset.csv).",
        valueName: "FILE"))
    var trainData: String?

    @Option(name: .customLong("max-rows"), help: "Rows of the training file to draw batches from (train workloads).")
    var maxRows = 16_000

    @Option(help: "Timed training steps after the warm-up steps (train workloads).")
    var steps = 40

    @Option(help: "Untimed warm-up steps before the timed ones (train workloads).")
    var warmup = 2

    @Option(name: .customLong("max-new-tokens"),
            help: "Tokens to generate at most per prompt (default 32; train-generation: 64).")
    var maxNewTokens: Int?

    @Option(help: "Distinct sources to decode after training (train-generation; 0 skips decoding).")
    var sources = 64

    @Option(name: .customLong("decode-batch-size"), help: "Sources per decoding call (train-generation).")
    var decodeBatchSize = 16

    @Option(name: .customLong("decode-adapters"), help: ArgumentHelp(
        "The adapters folded in for decoding (train-generation): trained (after the timed steps, as a run's "
            + "evaluation decodes) or initial (as training starts; on the random GPT-2 most outputs then run to "
            + "the token limit).", valueName: "WHICH"))
    var decodeAdapters: DecodeAdapters = .trained

    @Option(name: .customLong("label-smoothing"), help: "Label smoothing of the target loss (train-generation).")
    var labelSmoothing: Float = 0.1

    @Option(help: "Workers for kmix (data-parallel over sequences) and threads for PyTorch.")
    var threads = ThreadPolicy.defaultWorkers

    @Flag(name: .customLong("no-reference"), help: "Skip the PyTorch reference run.")
    var noReference = false

    @Flag(help: "Also print the time per kind of operation (train workloads).")
    var breakdown = false

    @Flag(name: .customLong("no-peak"), help: "Skip measuring the sgemm peak (e.g. under valgrind).")
    var noPeak = false

    @Flag(help: ArgumentHelp(
        "Count each timed step's heap allocations (train workloads).",
        discussion: "The warm-up then also runs the timed batches once, so that buffers have grown to the largest."))
    var allocations = false

    @Option(name: .customLong("max-allocations"),
            help: "With --allocations: exit with status 1 when a timed step allocates more often than this.")
    var maxAllocations: UInt64?

    @Option(help: "The Python interpreter for the reference run.")
    var python = "python3"

    /// Which adapters train-generation decodes with.
    enum DecodeAdapters: String, ExpressibleByArgument, CaseIterable {
        case trained, initial
    }

    enum Workload: String, ExpressibleByArgument, CaseIterable {
        case embed
        case trainPaperNLU = "train-paper-nlu"
        case trainLoraR8 = "train-lora-r8"
        case trainPaperNLG = "train-paper-nlg"
        case generate
        case trainGeneration = "train-generation"

        /// The plan preset of a classification training workload.
        var preset: AdapterPlan.Preset? {
            switch self {
            case .embed, .generate, .trainGeneration: return nil
            case .trainPaperNLU: return .paperNLU
            case .trainLoraR8: return .lora(rank: 8)
            case .trainPaperNLG: return .paperNLG
            }
        }
    }

    func run() throws {
        if let load = ResourceUsage.loadAverage(), load > 0.5 {
            print("warning   load average \(format(load, 2)) before starting: other work is running, "
                  + "and both kmix's and PyTorch's numbers will be low")
        }
        let machine = "machine   \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS kernel "
            + "\(BLASKernel.coreName), \(threads) workers; "
        var peak = Double.nan
        if noPeak {
            print(machine + "sgemm peak not measured")
        } else {
            let measured = SgemmPeak.measure(threads: threads)
            peak = measured.gflops
            print(machine + "sgemm peak \(format(measured.gflops, 1)) GFLOP/s (\(measured.shape), best of \(measured.repeats))")
        }
        if workload == .generate { return try runGeneration() }
        if workload == .trainGeneration { return try runGenerationTraining() }
        let loaded = try PretrainedModel.load(model)
        if let preset = workload.preset {
            try runTraining(loaded, preset: preset, peak: peak)
        } else {
            try runEmbedding(loaded, peak: peak)
        }
    }

    private func runEmbedding(_ loaded: PretrainedModel, peak: Double) throws {
        let data = self.data ?? "Datasets/sst2/dev.tsv", batchSize = self.batchSize ?? 32
        let texts = try SentenceFile.read(data)
        let result = EmbedWorkload(model: loaded, texts: texts, batchSize: batchSize, workers: threads)
            .measure(repeats: repeats)
        print("workload  embed: \(texts.count) sentences of \(data), batch \(batchSize), lengths bucketed, "
              + "token ids to normalised mean-pooled embeddings")
        print("kmix      \(format(result.seconds, 3)) s  \(format(result.sentencesPerSecond, 1)) sentences/s  "
              + "\(format(result.tokensPerSecond, 0)) real tokens/s  \(format(result.gflops, 1)) GFLOP/s "
              + "\(share(of: peak, result.gflops))peak RSS \(ProcessMemory.peakResidentMiB()) MiB")
        guard let reference = reference() else { return }
        for order in ["sorted", "shuffled"] {
            let run = try reference.embed(model: loaded.folder.path, data: data, batchSize: batchSize,
                                          order: order, repeats: repeats, threads: threads)
            print("pytorch   \(order): \(format(run.seconds, 3)) s  \(format(run.tokensPerSecond, 0)) real tokens/s  "
                  + "(\(format(run.paddingPercent, 0)) % padding, torch \(run.torchVersion))  "
                  + "kmix/pytorch \(format(result.tokensPerSecond / run.tokensPerSecond, 2))x")
        }
    }

    /// The generate workload: the reference script builds the model (a temporary folder), then kmix and
    /// transformers' `generate` run each setting side by side.
    private func runGeneration() throws {
        let reference = PyTorchReference(python: python)
        guard reference.isAvailable else {
            throw BenchError("the generate workload needs \(python) with torch and transformers to build its GPT-2")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-bench-gpt2-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try reference.makeGPT2(folder: folder.path)
        let maxNewTokens = self.maxNewTokens ?? 32
        let work = try GenerateWorkload(folder: folder, maxNewTokens: maxNewTokens, workers: threads)
        let c = work.generator.transformer.configuration, lengths = work.prompts.map(\.count)
        print("workload  generate: random GPT-2 (\(c.layerCount) layers, d \(c.hiddenSize), \(c.headCount) heads, "
              + "vocabulary \(c.vocabularySize), reference.py make-gpt2), \(work.prompts.count) prompts of "
              + "\(lengths.min() ?? 0)-\(lengths.max() ?? 0) tokens, at most \(maxNewTokens) new tokens each, "
              + "token ids to generated ids")
        for setting in GenerateWorkload.settings {
            let mine = try work.measure(setting)
            print("kmix      \(setting.name): \(format(mine.seconds, 3)) s  \(mine.tokens) tokens  "
                  + "\(format(mine.tokensPerSecond, 1)) tokens/s  peak RSS \(ProcessMemory.peakResidentMiB()) MiB")
            guard !noReference else { continue }
            let theirs = try reference.generate(model: folder.path, batchSize: setting.batchSize,
                                                settings: setting.settings(maxNewTokens: maxNewTokens), threads: threads)
            let same = zip(mine.outputs, theirs.outputs).filter { $0 == $1 }.count
            print("pytorch   \(setting.name): \(format(theirs.seconds, 3)) s  \(theirs.realTokens) tokens  "
                  + "\(format(theirs.tokensPerSecond, 1)) tokens/s  (transformers generate, torch \(theirs.torchVersion))  "
                  + "kmix/pytorch \(format(mine.tokensPerSecond / theirs.tokensPerSecond, 2))x  "
                  + "same ids \(same)/\(mine.outputs.count)")
        }
    }

    private func runTraining(_ loaded: PretrainedModel, preset: AdapterPlan.Preset, peak: Double) throws {
        let trainData = self.trainData ?? "Datasets/sst2/train.tsv", batchSize = self.batchSize ?? 32
        let dataset = try ClassificationDataset.load(URL(fileURLWithPath: trainData), labels: .inferred, maxRows: maxRows)
        let encoded = EncodedDataset(dataset, tokenizer: loaded.tokenizer, maxLength: 128)
        let plan = AdapterPlan(preset: preset, shape: AdapterPlan.ModelShape(loaded.configuration))
        OperationProfile.shared.enable(breakdown)
        if allocations && !AllocationCount.isAvailable {
            throw ValidationError("--allocations: the allocation counter is not in use in this build")
        }
        let result = try TrainWorkload(model: loaded, plan: plan, data: encoded, batchSize: batchSize, workers: threads)
            .measure(steps: steps, warmup: warmup, countAllocations: allocations)
        print("workload  \(workload.rawValue): \(steps) training steps (after \(warmup) warm-up) of batch \(batchSize) from the "
              + "first \(dataset.count) rows of \(trainData), length-bucketed, forward + backward + AdamW")
        print("kmix      \(format(result.seconds, 3)) s  \(format(result.sentencesPerSecond, 1)) sentences/s  "
              + "\(format(result.tokensPerSecond, 0)) real tokens/s  \(format(result.gflops, 1)) GFLOP/s useful "
              + "\(share(of: peak, result.gflops))peak RSS \(ProcessMemory.peakResidentMiB()) MiB  "
              + "loss \(result.finalLoss)")
        if breakdown { printBreakdown(steps: result.steps, elapsed: result.seconds) }
        if allocations { try reportAllocations(result) }
        guard let reference = reference() else { return }
        for order in ["shuffled", "bucketed"] {
            let run = try reference.train(model: loaded.folder.path, data: trainData, preset: preset.name,
                                          batchSize: batchSize, steps: steps, order: order, threads: threads,
                                          maxRows: maxRows)
            print("pytorch   \(order): \(format(run.seconds, 3)) s  \(format(run.tokensPerSecond, 0)) real tokens/s  "
                  + "(\(format(run.paddingPercent, 0)) % padding, peak RSS \(format(run.peakRSS ?? 0, 0)) MiB, torch \(run.torchVersion))  "
                  + "kmix/pytorch \(format(result.tokensPerSecond / run.tokensPerSecond, 2))x")
        }
    }

    /// Time per kind of operation, summed over workers, per step and as a share of all worker time.
    private func printBreakdown(steps: Int, elapsed: Double) {
        let measured = OperationProfile.shared.seconds()
        let workerTime = elapsed * Double(threads)
        print("breakdown (time summed over \(threads) workers; share of \(format(workerTime, 2)) s of worker time)")
        for kind in OperationKind.allCases {
            let seconds = measured[kind] ?? 0
            print("  " + kind.rawValue.padding(toLength: 30, withPad: " ", startingAt: 0)
                  + "\(format(1000 * seconds / Double(steps), 1)) ms/step".leftPadded(16)
                  + "\(format(100 * seconds / workerTime, 1)) %".leftPadded(9))
        }
        let other = workerTime - measured.values.reduce(0, +)
        print("  " + "other (threads, copies, idle)".padding(toLength: 30, withPad: " ", startingAt: 0)
              + "\(format(1000 * other / Double(steps), 1)) ms/step".leftPadded(16)
              + "\(format(100 * other / workerTime, 1)) %".leftPadded(9))
    }

    /// "(x % of peak)  ", or a space when the peak was not measured.
    private func share(of peak: Double, _ gflops: Double) -> String {
        peak.isNaN ? " " : "(\(format(100 * gflops / peak, 0)) % of peak)  "
    }

    /// Prints the heap allocations per step, and fails when a timed step exceeds `--max-allocations`.
    private func reportAllocations(_ result: TrainWorkload.Result) throws {
        func summary(_ counts: [AllocationCount]) -> String {
            let total = counts.reduce(AllocationCount(), +)
            let steps = UInt64(max(1, counts.count))
            return "\(total.calls / steps) allocations, \(total.bytes / steps) bytes per step on average; "
                + "most in one step: \(counts.map(\.calls).max() ?? 0) allocations, \(counts.map(\.bytes).max() ?? 0) bytes"
        }
        print("allocations (heap calls in all threads during forward, backward, clipping and AdamW)")
        print("  first pass over the timed batches  " + summary(result.firstPassAllocations))
        print("  timed steps (steady state)         " + summary(result.allocations))
        print("  per timed step: " + result.allocations.map { "\($0.calls)/\($0.bytes) B" }.joined(separator: ", "))
        if let maxAllocations, let worst = result.allocations.map(\.calls).max(), worst > maxAllocations {
            print("FAILED    a timed step allocated \(worst) times; at most \(maxAllocations) allowed")
            throw ExitCode(1)
        }
    }

    /// The PyTorch reference, or nil (with a line saying why) when it is skipped or unavailable.
    func reference() -> PyTorchReference? {
        guard !noReference else { return nil }
        let reference = PyTorchReference(python: python)
        guard reference.isAvailable else {
            print("pytorch   not measured: \(python) cannot import torch and transformers")
            return nil
        }
        return reference
    }
}

extension String {
    /// The string right-aligned in `width` characters.
    func leftPadded(_ width: Int) -> String { String(repeating: " ", count: max(0, width - count)) + self }
}

/// `value` with `digits` decimals.
func format(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
