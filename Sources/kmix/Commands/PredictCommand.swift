import ArgumentParser
import Foundation
import KMix

/// `kmix predict --run RUN_DIR --input FILE`: class scores for each text of a data file, or each line.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify texts with a trained run; write JSON Lines.",
        discussion: #"""
        A .tsv, .csv, .jsonl or .json --input is read as a data file with a header: each row's text column \#
        (--text-column, else sentence, content, text or sentence1) and, for a run trained on sentence pairs, \#
        its pair column (--pair-column, else the run's); labels are not needed. Any other file, or -, holds one \#
        text per line. Each output line: {"index": i, "logits": [...], "label": "NAME", "label_index": k}.
        """#)

    @OptionGroup var runOptions: RunOptions

    @Option(help: ArgumentHelp("A data file (.tsv, .csv, .jsonl or .json), or one text per line, or - for standard input.",
                               valueName: "FILE"))
    var input: String

    @Option(name: .customLong("text-column"), help: "The data file's text column (default: sentence, content, text or sentence1).")
    var textColumn: String?

    @Option(name: .customLong("pair-column"), help: "The data file's second text column (default: the run's, if it has one).")
    var pairColumn: String?

    @Option(help: ArgumentHelp("Write here instead of standard output.", valueName: "FILE"))
    var output: String?

    /// Whether `--input` is read as a data file (by its extension).
    var inputIsDataFile: Bool {
        input != "-" && DataFormat.extensions.contains { $0.extension == URL(fileURLWithPath: input).pathExtension.lowercased() }
    }

    func validate() throws {
        if !inputIsDataFile, textColumn != nil || pairColumn != nil {
            throw ValidationError("--text-column and --pair-column need a data file (.tsv, .csv, .jsonl or .json) as --input")
        }
    }

    func run() throws {
        try OutputFile.check(output, option: "--output")
        let (trained, classifier) = try runOptions.load()
        let sink = try OutputSink(path: output)
        if inputIsDataFile {
            let columns = ColumnSelection(text: textColumn, pair: pairColumn ?? trained.configuration.pairColumn)
            let examples = try ClassificationDataset.loadTexts(URL(fileURLWithPath: input), columns: columns)
            try predict(examples, from: 0, run: trained, classifier: classifier, into: sink)
        } else {
            let lines = try InputLines(input)
            var first = 0
            while let texts = try lines.next(upTo: InputLines.partSize) {
                let examples = texts.enumerated().map { ClassificationExample(text: $1, pair: nil, label: 0, line: first + $0 + 1) }
                try predict(examples, from: first, run: trained, classifier: classifier, into: sink)
                first += texts.count
            }
        }
        try sink.finish()
    }

    /// Classifies `examples`, the part of the input from index `first` on, and writes their lines to `sink`.
    private func predict(_ examples: [ClassificationExample], from first: Int, run trained: TrainedRun,
                         classifier: KernelMixClassifier, into sink: OutputSink) throws {
        let c = trained.configuration
        let data = ClassificationDataset(examples: examples, labelValues: c.labelValues, labelNames: c.labelNames,
                                         source: input)
        let encoded = try trained.model.encode(data, maxLength: c.maxLength)
        let logits: [[Float]]
        do { logits = try Evaluation.predict(classifier, on: encoded, batchSize: runOptions.batchSize) } catch {
            throw error.offset(by: first)
        }
        var text = ""
        for (offset, scores) in logits.enumerated() {
            let best = scores.indices.max { scores[$0] < scores[$1] } ?? 0
            text += "{\"index\": \(first + offset), \"logits\": \(JSONLines.numbers(scores[...])), "
                + "\"label\": \(JSONText.string(c.labelNames[best])), \"label_index\": \(best)}\n"
        }
        try sink.write(text)
    }
}
