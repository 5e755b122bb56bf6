import ArgumentParser
import Foundation
import KMix

/// `--run RUN_DIR`, `--model`, `--batch-size`, `--threads`: shared by the commands that use a trained run.
struct RunOptions: ParsableArguments {
    @Option(name: .customLong("run"), help: ArgumentHelp("The run folder.", valueName: "RUN_DIR"))
    var runFolder: String

    @OptionGroup var runModel: RunModelOption

    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = 32

    @OptionGroup var threads: ThreadsOption

    func validate() throws {
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    /// The trained run, and a classifier with its adapters.
    func load() throws -> (run: TrainedRun, classifier: KernelMixClassifier) {
        let trained = try runModel.load(runFolder)
        return (trained, try trained.classifier(workers: threads.workers))
    }
}
