import ArgumentParser
import Foundation
import KMix

/// `kmix verify-export DIR --run RUN_DIR`: whether an export computes its run's logits, within a tolerance.
struct VerifyExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify-export",
        abstract: "Check an export against its run: compare their logits on the run's dev set (a decoder's: on texts); print pass or FAIL.",
        discussion: """
        The run's first N dev examples (--sample) go through the run as trained and through the export read back: \
        a PEFT adapter folded into the base model's weights with scaling alpha/r, a merged folder as a plain model, \
        a kmix export as a run. The export passes when no logit differs from the run's by more than --tolerance \
        times the larger of 1 and the run's largest |logit|; otherwise it prints FAIL and exits with status 1. \
        Measured on all-MiniLM-L6-v2, float32 PEFT and merged exports differ by at most 2.6e-06 with logits up to \
        2.4 (docs/formats.md). A decoder's (GPT-2's) export is compared on the next-token logits of every token of \
        the first N texts of --input (default: for a generation run, the first N sources of its evaluation file \
        prompted as it trains; else a few built-in sentences), and the greedy continuations (16 tokens) of the first \
        three must agree.
        """)

    @Argument(help: ArgumentHelp("The export folder (kmix, peft or merged).", valueName: "DIR"))
    var export: String

    @Option(name: .customLong("run"), help: ArgumentHelp("The run folder it was exported from.", valueName: "RUN_DIR"))
    var runFolder: String

    @OptionGroup var runModel: RunModelOption

    @Option(help: "Dev examples (a decoder's: texts) to compare (the first N).")
    var sample = 200

    @Option(help: "The largest logit difference that passes, scaled by the run's largest |logit| when that exceeds 1.")
    var tolerance = 1e-4

    @Option(help: ArgumentHelp("A decoder's texts, one per line (default: a few built-in sentences).", valueName: "FILE"))
    var input: String?

    @Option(help: ArgumentHelp("A decoder's run outputs as JSON Lines, one per text: input_ids, logits (every token's "
        + "next-token logits) and, for the first three, greedy (scripts/verify_exports.py compares them with transformers).",
        valueName: "FILE"))
    var record: String?

    @OptionGroup var threads: ThreadsOption

    func validate() throws {
        if sample < 1 { throw ValidationError("--sample must be at least 1") }
        if !(tolerance > 0) { throw ValidationError("--tolerance must be positive") }
    }

    func run() throws {
        let trained = try runModel.load(runFolder)
        if trained.model.configuration.family.isDecoder { return try verifyLanguageModel(trained) }
        if input != nil || record != nil {
            throw CommandError("--input and --record are a decoder's; the export of \(runFolder), a classifier, is checked "
                               + "on its dev set")
        }
        guard let dev = try trained.configuration.loadData().dev?.classification else {
            throw CommandError("the run \(runFolder) has no dev file to sample")
        }
        var sampled = dev
        sampled.examples = Array(dev.examples.prefix(sample))
        let encoded = try trained.model.encode(sampled, maxLength: trained.configuration.maxLength)
        let expected = try Evaluation.predict(try trained.classifier(workers: threads.workers), on: encoded, batchSize: 32)
        let exported = try ExportedModel.classifier(URL(fileURLWithPath: export, isDirectory: true), base: trained.model,
                                                    workers: threads.workers)
        let found = try Evaluation.predict(exported, on: encoded, batchSize: 32)
        guard found.first?.count == expected.first?.count else {
            throw CommandError("the export \(export) predicts \(found.first?.count ?? 0) classes, but the run \(runFolder) "
                               + "\(expected.first?.count ?? 0)")
        }
        let comparison = LogitComparison(expected: expected, found: found, tolerance: tolerance)
        print(comparison.verdict(examples: encoded.count))
        if !comparison.passed { throw ExitCode.failure }
    }
}
