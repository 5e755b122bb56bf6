import ArgumentParser
import Foundation
import KMix
import KMixOptions

/// `kmix embed`: sentence embeddings or token states as JSON Lines.
struct EmbedCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "embed",
        abstract: "Encode one sentence per input line; write JSON Lines.",
        discussion: """
        Each output line is {"index": i, "input_ids": [...], "embedding": [...]}, or with \
        --pooling none {"index": i, "input_ids": [...], "last_hidden_state": [[...], ...]} \
        with one row per real token. Empty lines are valid inputs ([CLS] [SEP]).
        """
    )

    @OptionGroup var modelOption: ModelOption

    @Option(help: "How token states become one vector: mean, cls, or none (every token).")
    var pooling: Pooling = .mean

    @Flag(help: "Scale each pooled vector to unit length (all-MiniLM-L6-v2's sentence embedding is mean + normalize).")
    var normalize = false

    @Option(name: .customLong("max-length"), help: "Truncate each input to this many tokens, [CLS] and [SEP] included.")
    var maxLength: Int?

    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = 32

    @Option(help: ArgumentHelp("The input file, one sentence per line, or - for standard input.", valueName: "FILE"))
    var input: String

    @Option(help: ArgumentHelp("Write here instead of standard output.", valueName: "FILE"))
    var output: String?

    func validate() throws {
        if let maxLength, maxLength < 2 {
            throw ValidationError("--max-length must be at least 2 ([CLS] and [SEP])")
        }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        try OutputFile.check(output, option: "--output")
        let lines = try InputLines(input)
        let model = try PretrainedModel.load(modelOption.model)
        let positions = model.configuration.maxPositions
        if let maxLength, maxLength > positions {
            throw CommandError("--max-length \(maxLength) exceeds the \(positions) positions of \(model.folder.lastPathComponent)")
        }
        let embedder = Embedder(model: model, pooling: pooling, normalize: normalize,
                                maxLength: maxLength, batchSize: batchSize)
        let sink = try OutputSink(path: output)
        var first = 0
        while let texts = try lines.next(upTo: InputLines.partSize) {
            var text = ""
            for (offset, result) in try embedder.embed(texts, firstIndex: first).enumerated() {
                text += JSONLines.embeddingLine(index: first + offset, result: result, pooling: pooling)
                text += "\n"
            }
            try sink.write(text)
            first += texts.count
        }
        try sink.finish()
    }
}

extension Pooling: ExpressibleByArgument {}
