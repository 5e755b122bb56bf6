import ArgumentParser
import Foundation
import KMix

/// `kmix verify-export DIR --run RUN_DIR`: the largest logit difference between an export and its run.
struct VerifyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-export",
        abstract: "Compare an export's logits with the run's on a sample of the run's dev set.")

    @Argument(help: ArgumentHelp("The export folder (peft or merged).", valueName: "DIR"))
    var export: String

    @Option(name: .customLong("run"), help: ArgumentHelp("The run folder it was exported from.", valueName: "RUN_DIR"))
    var runFolder: String

    @Option(help: "Dev examples to compare (the first N).")
    var sample = 200

    @OptionGroup var threads: ThreadsOption

    func validate() throws {
        if sample < 1 { throw ValidationError("--sample must be at least 1") }
    }

    func run() throws {
        let trained = try TrainedRun.load(URL(fileURLWithPath: runFolder, isDirectory: true))
        guard let dev = try trained.configuration.loadData().dev else {
            throw CommandError("the run \(runFolder) has no dev file to sample")
        }
        var sampled = dev
        sampled.examples = Array(dev.examples.prefix(sample))
        let encoded = EncodedDataset(sampled, tokenizer: trained.model.tokenizer, maxLength: trained.configuration.maxLength)
        let expected = Evaluation.predict(try trained.classifier(workers: threads.workers), on: encoded, batchSize: 32)
        let exported = try ExportedModel.classifier(URL(fileURLWithPath: export, isDirectory: true), base: trained.model,
                                                    workers: threads.workers)
        let found = Evaluation.predict(exported, on: encoded, batchSize: 32)
        guard found.first?.count == expected.first?.count else {
            throw CommandError("\(export) predicts \(found.first?.count ?? 0) classes, the run \(expected.first?.count ?? 0)")
        }
        let difference = zip(found, expected).flatMap { zip($0, $1).map { abs($0 - $1) } }.max() ?? 0
        print("max abs logit difference over \(encoded.count) dev examples: \(difference)")
    }
}
