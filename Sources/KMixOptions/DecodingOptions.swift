import ArgumentParser
import KMix

/// How a generation run decodes: `kmix train` records these in the run, `kmix eval` may override them.
public struct DecodingOptions: ParsableArguments {
    @Option(help: "Beams of beam search; 1 decodes greedily (default: 10, as the LoRA and Kernel-mix NLG scripts).")
    public var beams: Int?

    @Option(name: .customLong("length-penalty"), help: "Beam search's length penalty α (default: 0.9).")
    public var lengthPenalty: Float?

    @Option(name: .customLong("no-repeat-ngram"), help: "N-grams of this size may occur once; 0 turns it off (default: 4).")
    public var noRepeatNGram: Int?

    @Option(name: .customLong("max-new-tokens"), help: "Tokens to write at most per source (default: 64).")
    public var maxNewTokens: Int?

    /// Options as given on the command line (ArgumentParser fills them in).
    public init() {}

    /// Whether any decoding option was given.
    public var isGiven: Bool { beams != nil || lengthPenalty != nil || noRepeatNGram != nil || maxNewTokens != nil }

    /// Refuses values no decoding can use, naming the option.
    public func validate() throws {
        if let beams, beams < 1 { throw ValidationError("--beams must be at least 1") }
        if let lengthPenalty, !lengthPenalty.isFinite { throw ValidationError("--length-penalty must be a finite number") }
        if let noRepeatNGram, noRepeatNGram < 0 { throw ValidationError("--no-repeat-ngram must be 0 (off) or more") }
        if let maxNewTokens, maxNewTokens < 1 { throw ValidationError("--max-new-tokens must be at least 1") }
    }

    /// `base` with the options given replacing its values.
    public func applied(to base: GenerationSettings) -> GenerationSettings {
        var settings = base
        if let beams { settings.beams = beams }
        if let lengthPenalty { settings.lengthPenalty = lengthPenalty }
        if let noRepeatNGram { settings.noRepeatNGramSize = noRepeatNGram }
        if let maxNewTokens { settings.maxNewTokens = maxNewTokens }
        return settings
    }
}
