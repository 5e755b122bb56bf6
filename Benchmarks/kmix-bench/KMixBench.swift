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
        The workload: embed (encode the SST-2 dev sentences, mean pooling, normalised), or         train-paper-nlu, train-lora-r8, train-paper-nlg (training steps on SST-2 train batches).
        """)
    var workload: Workload = .embed

    @Option(help: ArgumentHelp("Model folder or id (default: the default model).", valueName: "MODEL"))
    var model: String?

    @Option(help: ArgumentHelp("Sentences to encode: a TSV with a 'content' or 'sentence' column.", valueName: "TSV"))
    var data = "../shared/data/sst2/dev.tsv"

    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = 32

    @Option(help: "Timed passes after one warm-up pass; the best is reported (embed).")
    var repeats = 3

    @Option(help: ArgumentHelp("Training sentences (train workloads).", valueName: "TSV"))
    var trainData = "../shared/data/sst2/train.tsv"

    @Option(name: .customLong("max-rows"), help: "Rows of the training file to draw batches from (train workloads).")
    var maxRows = 16_000

    @Option(help: "Timed training steps after two warm-up steps (train workloads).")
    var steps = 40

    @Option(help: "Workers for kmix (data-parallel over sequences) and threads for PyTorch.")
    var threads = ThreadPolicy.defaultWorkers

    @Flag(name: .customLong("no-reference"), help: "Skip the PyTorch reference run.")
    var noReference = false

    @Flag(help: "Also print the time per kind of operation (train workloads).")
    var breakdown = false

    @Option(help: "The Python interpreter for the reference run.")
    var python = "python3"

    enum Workload: String, ExpressibleByArgument, CaseIterable {
        case embed
        case trainPaperNLU = "train-paper-nlu"
        case trainLoraR8 = "train-lora-r8"
        case trainPaperNLG = "train-paper-nlg"

        /// The plan preset of a training workload.
        var preset: AdapterPlan.Preset? {
            switch self {
            case .embed: return nil
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
        let measured = SgemmPeak.measure(threads: threads)
        print("machine   \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS kernel \(BLASKernel.coreName), \(threads) workers; "
              + "sgemm peak \(format(measured.gflops, 1)) GFLOP/s (\(measured.shape), best of \(measured.repeats))")
        let loaded = try PretrainedModel.load(model)
        if let preset = workload.preset {
            try runTraining(loaded, preset: preset, peak: measured.gflops)
        } else {
            try runEmbedding(loaded, peak: measured.gflops)
        }
    }

    private func runEmbedding(_ loaded: PretrainedModel, peak: Double) throws {
        let texts = try SentenceFile.read(data)
        let result = EmbedWorkload(model: loaded, texts: texts, batchSize: batchSize, workers: threads)
            .measure(repeats: repeats)
        print("workload  embed: \(texts.count) sentences of \(data), batch \(batchSize), lengths bucketed, "
              + "token ids to normalised mean-pooled embeddings")
        print("kmix      \(format(result.seconds, 3)) s  \(format(result.sentencesPerSecond, 1)) sentences/s  "
              + "\(format(result.tokensPerSecond, 0)) real tokens/s  \(format(result.gflops, 1)) GFLOP/s "
              + "(\(format(100 * result.gflops / peak, 0)) % of peak)  peak RSS \(ProcessMemory.peakResidentMiB()) MiB")
        guard let reference = reference() else { return }
        for order in ["sorted", "shuffled"] {
            let run = try reference.embed(model: loaded.folder.path, data: data, batchSize: batchSize,
                                          order: order, repeats: repeats, threads: threads)
            print("pytorch   \(order): \(format(run.seconds, 3)) s  \(format(run.tokensPerSecond, 0)) real tokens/s  "
                  + "(\(format(run.paddingPercent, 0)) % padding, torch \(run.torchVersion))  "
                  + "kmix/pytorch \(format(result.tokensPerSecond / run.tokensPerSecond, 2))x")
        }
    }

    private func runTraining(_ loaded: PretrainedModel, preset: AdapterPlan.Preset, peak: Double) throws {
        let dataset = try ClassificationDataset.load(URL(fileURLWithPath: trainData), labels: .inferred, maxRows: maxRows)
        let encoded = EncodedDataset(dataset, tokenizer: loaded.tokenizer, maxLength: 128)
        let plan = AdapterPlan(preset: preset, shape: AdapterPlan.ModelShape(loaded.configuration))
        OperationProfile.shared.enable(breakdown)
        let result = try TrainWorkload(model: loaded, plan: plan, data: encoded, batchSize: batchSize, workers: threads)
            .measure(steps: steps)
        print("workload  \(workload.rawValue): \(steps) training steps (after 2 warm-up) of batch \(batchSize) from the "
              + "first \(maxRows) rows of \(trainData), length-bucketed, forward + backward + AdamW")
        print("kmix      \(format(result.seconds, 3)) s  \(format(result.sentencesPerSecond, 1)) sentences/s  "
              + "\(format(result.tokensPerSecond, 0)) real tokens/s  \(format(result.gflops, 1)) GFLOP/s useful "
              + "(\(format(100 * result.gflops / peak, 0)) % of peak)  peak RSS \(ProcessMemory.peakResidentMiB()) MiB  "
              + "loss \(format(Double(result.finalLoss), 3))")
        if breakdown { printBreakdown(steps: result.steps, elapsed: result.seconds) }
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

    /// The PyTorch reference, or nil (with a line saying why) when it is skipped or unavailable.
    private func reference() -> PyTorchReference? {
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
