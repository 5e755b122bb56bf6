import ArgumentParser
import Foundation
import KMix

/// `kmix eval --run RUN_DIR`: accuracy of a trained run on its dev set or another file.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate a trained run on its dev set (or --dev FILE).")

    @OptionGroup var runOptions: RunOptions

    @Option(help: ArgumentHelp("Labelled data to evaluate on instead of the run's dev set.", valueName: "FILE"))
    var dev: String?

    func run() throws {
        let (trained, classifier) = try runOptions.load()
        let c = trained.configuration
        guard let path = dev ?? c.devFile else { throw CommandError("the run has no dev file; pass --dev FILE") }
        let columns = ColumnSelection(text: dev == nil ? c.devTextColumn : c.textColumn, pair: c.pairColumn,
                                      label: c.labelColumn)
        let data = try ClassificationDataset.load(URL(fileURLWithPath: path), columns: columns,
                                                  labels: .fixed(values: c.labelValues, names: c.labelNames))
        let encoded = EncodedDataset(data, tokenizer: trained.model.tokenizer, maxLength: c.maxLength)
        let report = Evaluation.run(classifier, on: encoded, batchSize: runOptions.batchSize, step: 0)
        print(String(format: "accuracy %.2f %%  loss %.4f  (%d examples of %@)", 100 * report.accuracy, report.loss,
                     report.examples, path))
    }
}
