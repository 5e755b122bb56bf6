import ArgumentParser
import Foundation
import KMix

/// `kmix predict --run RUN_DIR --input FILE`: class scores for one text per line.
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Classify one text per input line with a trained run; write JSON Lines.",
        discussion: #"Each line: {"index": i, "logits": [...], "label": "NAME", "label_index": k}."#)

    @OptionGroup var runOptions: RunOptions

    @Option(help: ArgumentHelp("One text per line, or - for standard input.", valueName: "FILE"))
    var input: String

    @Option(help: ArgumentHelp("Write here instead of standard output.", valueName: "FILE"))
    var output: String?

    func run() throws {
        try OutputFile.check(output, option: "--output")
        let texts = try InputLines.read(input)
        let (trained, classifier) = try runOptions.load()
        let c = trained.configuration
        let examples = texts.enumerated().map { ClassificationExample(text: $1, pair: nil, label: 0, line: $0 + 1) }
        let data = ClassificationDataset(examples: examples, labelValues: c.labelValues, labelNames: c.labelNames,
                                         source: input)
        let encoded = EncodedDataset(data, tokenizer: trained.model.tokenizer, maxLength: c.maxLength)
        let logits = Evaluation.predict(classifier, on: encoded, batchSize: runOptions.batchSize)
        var text = ""
        for (index, scores) in logits.enumerated() {
            let best = scores.indices.max { scores[$0] < scores[$1] }!
            text += "{\"index\": \(index), \"logits\": \(JSONLines.numbers(scores[...])), "
                + "\"label\": \(JSONText.string(c.labelNames[best])), \"label_index\": \(best)}\n"
        }
        try OutputFile.write(text, to: output)
    }
}
