import Foundation

/// Writes a target text for each source text with a decoder and its Kernel-mix adapters, prompting with the layout
/// training uses (`GenerationSequence`: the source's tokens) and stopping at the
/// end-of-text token: what `kmix eval` scores and what the training view shows as samples.
///
/// The adapters are folded into the weights once (`ModelWeights.merging`), so decoding runs at the frozen model's
/// speed. A source whose prompt leaves fewer new positions than the settings ask for is decoded with as many as are
/// left (at least one), so every output is as long as the model's positions allow.
public struct TargetWriter {
    private let generator: Generator
    private let tokenizer: Tokenizer
    private let endOfText: Int32
    private let positions: Int

    /// Why a target cannot be written.
    public enum WriteError: Error, Equatable, CustomStringConvertible {
        /// The source fills the model's positions, leaving none to write into.
        case sourceTooLong(index: Int, tokens: Int, positions: Int)

        public var description: String {
            switch self {
            case let .sourceTooLong(index, tokens, positions):
                "source \(index + 1) is \(tokens) tokens long, leaving none of the model's "
                    + "\(positions) positions for a target"
            }
        }
    }

    /// A writer over `model` with `adapters` folded in, splitting passes over `workers`.
    /// - Throws: `GenerationError.notADecoder` for an encoder, `KernelMixLanguageModel.SetupError` when the
    ///   tokenizer has no end-of-text token.
    public init(model: PretrainedModel, adapters: AdapterSet, workers: Int = ThreadPolicy.defaultWorkers) throws {
        guard let endOfText = model.tokenizer.endOfTextID else {
            throw KernelMixLanguageModel.SetupError.notADecoder(model.configuration.family)
        }
        let merged = Transformer(configuration: model.configuration, weights: model.encoder.weights.merging(adapters))
        generator = try Generator(merged, modelName: model.displayName, workers: workers)
        tokenizer = model.tokenizer
        self.endOfText = endOfText
        positions = model.configuration.maxPositions
    }

    /// The text written for each of `sources` (special tokens skipped, surrounding white space trimmed), decoding
    /// `batchSize` sources at a time with `settings`.
    /// - Throws: `WriteError.sourceTooLong`, `GenerationError`.
    public func write(_ sources: [String], settings: GenerationSettings, batchSize: Int = 16) throws -> [String] {
        try generate(sources, settings: settings, batchSize: batchSize).map { generation in
            tokenizer.decode(generation.tokens.filter { $0 != endOfText }, skipSpecialTokens: true)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    /// The generations `write` turns into text: for each of `sources`, the generated ids (the end-of-text token
    /// included when one was generated) and their score, decoding `batchSize` sources at a time with `settings`,
    /// each batch capped to the positions its longest prompt leaves.
    /// - Throws: `WriteError.sourceTooLong`, `GenerationError`.
    public func generate(_ sources: [String], settings: GenerationSettings, batchSize: Int = 16) throws -> [Generation] {
        let prompts = sources.map { GenerationSequence.prompt($0, tokenizer: tokenizer) }
        if let index = prompts.firstIndex(where: { $0.count >= positions }) {
            throw WriteError.sourceTooLong(index: index, tokens: prompts[index].count, positions: positions)
        }
        var outputs: [Generation] = []
        outputs.reserveCapacity(sources.count)
        var start = 0
        while start < prompts.count {
            let batch = Array(prompts[start..<min(start + max(1, batchSize), prompts.count)])
            var fitted = settings
            fitted.maxNewTokens = min(settings.maxNewTokens, positions - batch.map(\.count).max()!)
            outputs += try generator.generate(batch, settings: fitted)
            start += batch.count
        }
        return outputs
    }
}
