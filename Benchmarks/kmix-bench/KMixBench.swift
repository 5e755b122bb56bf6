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

    @Argument(help: "The workload: embed (encode the SST-2 dev sentences, mean pooling, normalised).")
    var workload: Workload = .embed

    @Option(help: ArgumentHelp("Model folder or id (default: the default model).", valueName: "MODEL"))
    var model: String?

    @Option(help: ArgumentHelp("Sentences to encode: a TSV with a 'content' or 'sentence' column.", valueName: "TSV"))
    var data = "../shared/data/sst2/dev.tsv"

    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = 32

    @Option(help: "Timed passes after one warm-up pass; the best is reported.")
    var repeats = 3

    @Option(help: "Workers for kmix (data-parallel over sequences) and threads for PyTorch.")
    var threads = ThreadPolicy.defaultWorkers

    @Flag(name: .customLong("no-reference"), help: "Skip the PyTorch reference run.")
    var noReference = false

    @Option(help: "The Python interpreter for the reference run.")
    var python = "python3"

    enum Workload: String, ExpressibleByArgument, CaseIterable {
        case embed
    }

    func run() throws {
        if let load = ResourceUsage.loadAverage(), load > 0.5 {
            print("warning   load average \(format(load, 2)) before starting: other work is running, "
                  + "and both kmix's and PyTorch's numbers will be low")
        }
        let peak = SgemmPeak.measure(threads: threads)
        print("machine   \(ProcessInfo.processInfo.activeProcessorCount) cores, OpenBLAS kernel \(BLASKernel.coreName), \(threads) workers; "
              + "sgemm peak \(format(peak.gflops, 1)) GFLOP/s (\(peak.shape), best of \(peak.repeats))")
        let loaded = try PretrainedModel.load(model)
        let texts = try SentenceFile.read(data)
        let result = EmbedWorkload(model: loaded, texts: texts, batchSize: batchSize, workers: threads)
            .measure(repeats: repeats)
        print("workload  embed: \(texts.count) sentences of \(data), batch \(batchSize), lengths bucketed, "
              + "token ids to normalised mean-pooled embeddings")
        print("kmix      \(format(result.seconds, 3)) s  \(format(result.sentencesPerSecond, 1)) sentences/s  "
              + "\(format(result.tokensPerSecond, 0)) real tokens/s  \(format(result.gflops, 1)) GFLOP/s "
              + "(\(format(100 * result.gflops / peak.gflops, 0)) % of peak)  peak RSS \(ResourceUsage.peakResidentMiB()) MiB")
        guard !noReference else { return }
        let reference = PyTorchReference(python: python)
        guard reference.isAvailable else {
            print("pytorch   not measured: \(python) cannot import torch and transformers")
            return
        }
        for order in ["sorted", "shuffled"] {
            let run = try reference.embed(model: loaded.folder.path, data: data, batchSize: batchSize,
                                          order: order, repeats: repeats, threads: threads)
            let padding = 100 * Double(run.paddedTokens - run.realTokens) / Double(run.paddedTokens)
            print("pytorch   \(order): \(format(run.seconds, 3)) s  \(format(run.tokensPerSecond, 0)) real tokens/s  "
                  + "(\(format(padding, 0)) % padding, torch \(run.torchVersion))  "
                  + "kmix/pytorch \(format(result.tokensPerSecond / run.tokensPerSecond, 2))x")
        }
    }
}

/// `value` with `digits` decimals.
func format(_ value: Double, _ digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}
