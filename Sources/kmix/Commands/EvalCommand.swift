import ArgumentParser
import Foundation
import KMix
import KMixOptions

/// `kmix eval --run RUN_DIR`: accuracy of a trained classifier run, or the scores of a generation run, on its
/// evaluation file or another.
struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval", abstract: "Evaluate a trained run on its dev set (or --dev FILE); score a generation run's outputs.",
        discussion: """
        A classifier run: accuracy and loss; the file's columns are the run's dev columns (config.json's \
        dev_text_column, pair_column and label_column) unless --text-column or --label-column names others. \
        A generation run (kmix train --task e2e): one output per distinct source of its evaluation file (E2E: \
        testset_w_refs.csv; else its dev file, or --dev FILE with the run's source and target columns), decoded \
        with the run's settings unless --beams, --length-penalty, --no-repeat-ngram or --max-new-tokens change \
        them, scored against all of the source's references with the E2E challenge's BLEU, NIST, ROUGE-L and \
        CIDEr (docs/generation.md); the outputs, references and scores are written to RUN_DIR/eval/.
        """)

    @OptionGroup var runOptions: RunOptions

    @Option(help: ArgumentHelp("Labelled data to evaluate on instead of the run's dev set.", valueName: "FILE"))
    var dev: String?

    @Option(name: .customLong("text-column"), help: "The text column's header name (default: the run's dev text column).")
    var textColumn: String?

    @Option(name: .customLong("label-column"), help: "The label column's header name (default: the run's label column).")
    var labelColumn: String?

    @OptionGroup(title: "Generation runs") var decoding: DecodingOptions

    @Option(name: .customLong("max-sources"), help: "A generation run: score only the first N distinct sources.")
    var maxSources: Int?

    func validate() throws {
        if let maxSources, maxSources < 1 { throw ValidationError("--max-sources must be at least 1") }
    }

    func run() throws {
        let folder = URL(fileURLWithPath: runOptions.runFolder, isDirectory: true)
        if try RunConfiguration.load(fromRun: folder).isGeneration { return try evaluateGeneration(folder) }
        if decoding.isGiven || maxSources != nil {
            throw CommandError("--beams, --length-penalty, --no-repeat-ngram, --max-new-tokens and --max-sources are a "
                               + "generation run's; \(runOptions.runFolder) is a classifier run")
        }
        let (trained, classifier) = try runOptions.load()
        let c = trained.configuration
        guard let path = dev ?? c.devFile else { throw CommandError("the run \(runOptions.runFolder) has no dev file; pass --dev FILE") }
        let columns = ColumnSelection(text: textColumn ?? c.devTextColumn, pair: c.pairColumn,
                                      label: labelColumn ?? c.labelColumn)
        let data = try Self.load(path, columns: columns, labels: .fixed(values: c.labelValues, names: c.labelNames))
        let encoded = try trained.model.encode(data, maxLength: c.maxLength)
        let report = try Evaluation.run(classifier, on: encoded, batchSize: runOptions.batchSize, step: 0)
        print(String(format: "accuracy %.2f %%  loss %.4f  (%d examples of %@)", 100 * report.accuracy, report.loss,
                     report.examples, path))
    }

    /// The labelled examples of `path`; a text or label column it lacks is reported with the option that names it.
    static func load(_ path: String, columns: ColumnSelection, labels: LabelSet) throws -> ClassificationDataset {
        do {
            return try ClassificationDataset.load(URL(fileURLWithPath: path), columns: columns, labels: labels)
        } catch {
            let label = columns.label ?? ColumnSelection.defaultLabelColumn
            guard case let .missingColumn(file, line, column, available) = error, column == columns.text || column == label
            else { throw error }
            throw CommandError("the header on line \(line) of \(file) has no column '\(column)' (columns: "
                               + available.map { "'\($0)'" }.joined(separator: ", ") + "); name the column with "
                               + (column == columns.text ? "--text-column" : "--label-column"))
        }
    }
}
