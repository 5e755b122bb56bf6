import ArgumentParser
import Foundation
import KMix

/// `kmix generate`: continue one prompt per input line with a decoder (GPT-2), as JSON Lines.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Continue one prompt per input line with a GPT-2 model or run; write JSON Lines.",
        discussion: """
        Greedy decoding (--beams 1) or beam search, with transformers' generate semantics (docs/generation.md). \
        Each output line is {"index": i, "prompt": "...", "text": "...", "ids": [...]}: ids are the generated \
        token ids only (ending with <|endoftext|> when the model produced it), text their decoding without \
        special tokens. An empty line starts from the model's beginning-of-text token. A prompt whose tokens and \
        --max-new-tokens exceed the model's positions is refused, naming it. With --run of a generation run \
        (kmix train --task e2e), each line is a source, prompted as the run trained.
        """)

    @Option(help: ArgumentHelp("A GPT-2 model folder, or a model id in kmix's or the Hugging Face cache.", valueName: "MODEL"))
    var model: String?

    @Option(name: .customLong("run"), help: ArgumentHelp("A trained run on a GPT-2 model: its adapters are folded into the weights.",
                                                          valueName: "RUN_DIR"))
    var runFolder: String?

    @Option(help: ArgumentHelp("The input file, one prompt per line, or - for standard input.", valueName: "FILE"))
    var input: String

    @Option(help: ArgumentHelp("Write here instead of standard output.", valueName: "FILE"))
    var output: String?

    @Option(name: .customLong("max-new-tokens"), help: "Tokens to generate at most per prompt.")
    var maxNewTokens = 32

    @Option(help: "Beams of beam search; 1 is greedy decoding.")
    var beams = 1

    @Option(name: .customLong("length-penalty"), help: "Beam search scores a finished text sum(log p) / generated^A.")
    var lengthPenalty: Float = 1

    @Option(name: .customLong("no-repeat-ngram"), help: "N-grams of this size occur at most once, prompt included (0: off).")
    var noRepeatNGram = 0

    @Option(name: .customLong("early-stopping"),
            help: ArgumentHelp("When beam search stops: true (once --beams texts are finished), false (when none can "
                               + "improve, transformers' default) or never."))
    var earlyStopping: GenerationSettings.EarlyStopping = .heuristic

    @Option(name: .customLong("batch-size"), help: "Prompts decoded together.")
    var batchSize = 8

    @OptionGroup var threads: ThreadsOption

    func validate() throws {
        if (model == nil) == (runFolder == nil) { throw ValidationError("give either --model MODEL or --run RUN_DIR") }
        if maxNewTokens < 1 { throw ValidationError("--max-new-tokens must be at least 1") }
        if beams < 1 { throw ValidationError("--beams must be at least 1") }
        if !lengthPenalty.isFinite { throw ValidationError("--length-penalty must be a finite number") }
        if noRepeatNGram < 0 { throw ValidationError("--no-repeat-ngram must be 0 (off) or more") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
    }

    func run() throws {
        try OutputFile.check(output, option: "--output")
        let lines = try InputLines(input)
        let (loaded, weights, writesTargets) = try load()
        let generator = try Generator(Transformer(configuration: loaded.configuration, weights: weights),
                                      modelName: loaded.displayName, workers: threads.workers)
        let settings = GenerationSettings(maxNewTokens: maxNewTokens, beams: beams, lengthPenalty: lengthPenalty,
                                          noRepeatNGramSize: noRepeatNGram, earlyStopping: earlyStopping)
        let sink = try OutputSink(path: output)
        var first = 0
        while let texts = try lines.next(upTo: batchSize) {
            let prompts = texts.map { text in
                writesTargets ? GenerationSequence.prompt(text, tokenizer: loaded.tokenizer)
                    : loaded.tokenizer.encode(text).ids
            }
            let results: [Generation]
            do { results = try generator.generate(prompts, settings: settings) } catch { throw error.offset(by: first) }
            var text = ""
            for (offset, (prompt, result)) in zip(texts, results).enumerated() {
                text += "{\"index\": \(first + offset), \"prompt\": \(JSONText.string(prompt)), "
                    + "\"text\": \(JSONText.string(loaded.tokenizer.decode(result.tokens, skipSpecialTokens: true))), "
                    + "\"ids\": [\(result.tokens.map(String.init).joined(separator: ", "))]}\n"
            }
            try sink.write(text)
            first += texts.count
        }
        try sink.finish()
    }

    /// The model and the weights to generate with: `--model`'s as they are, or `--run`'s base model with the run's
    /// adapters folded in; and whether the lines are sources of a generation run.
    private func load() throws -> (PretrainedModel, ModelWeights, writesTargets: Bool) {
        if let runFolder {
            let trained = try TrainedRun.load(URL(fileURLWithPath: runFolder, isDirectory: true))
            return (trained.model, trained.model.encoder.weights.merging(trained.adapters), trained.configuration.isGeneration)
        }
        let loaded = try PretrainedModel.load(model)
        return (loaded, loaded.encoder.weights, false)
    }
}

extension GenerationSettings.EarlyStopping: ExpressibleByArgument {}
