/// How `Generator` chooses tokens, with transformers' `generate` semantics for the same values.
public struct GenerationSettings: Sendable, Equatable {
    /// When beam search stops, as transformers' `early_stopping` (`docs/generation.md`).
    public enum EarlyStopping: String, Sendable, CaseIterable {
        /// Stop a prompt as soon as `beams` hypotheses are finished (`early_stopping=True`).
        case finished = "true"
        /// Stop when the best running beam, scored at its current length, cannot beat the worst finished
        /// hypothesis (`early_stopping=False`, transformers' default).
        case heuristic = "false"
        /// Stop only when no running beam can improve, scoring it at the maximum length when the length penalty
        /// is positive (`early_stopping="never"`).
        case never
    }

    /// Tokens to generate at most per prompt (the end-of-text token included when it comes).
    public var maxNewTokens: Int
    /// Beams of beam search; 1 is greedy decoding.
    public var beams: Int
    /// Beam search's length penalty α: a finished hypothesis scores `Σ log p / generated^α`.
    public var lengthPenalty: Float
    /// N-grams of this size (prompt included) may occur once; 0 turns the rule off.
    public var noRepeatNGramSize: Int
    /// When beam search stops.
    public var earlyStopping: EarlyStopping

    /// Settings with transformers' defaults for what is not given.
    public init(maxNewTokens: Int, beams: Int = 1, lengthPenalty: Float = 1, noRepeatNGramSize: Int = 0,
                earlyStopping: EarlyStopping = .heuristic) {
        self.maxNewTokens = maxNewTokens
        self.beams = beams
        self.lengthPenalty = lengthPenalty
        self.noRepeatNGramSize = noRepeatNGramSize
        self.earlyStopping = earlyStopping
    }

    /// The decoding of the LoRA and Kernel-mix authors' data-to-text scripts (E2E, WebNLG, DART): beam 10, length
    /// penalty 0.9, no repeated 4-grams, beam search stopping when `beams` hypotheses are finished; 64 new tokens
    /// hold every E2E reference.
    public static let dataToText = GenerationSettings(maxNewTokens: 64, beams: 10, lengthPenalty: 0.9,
                                                      noRepeatNGramSize: 4, earlyStopping: .finished)

    /// Refuses settings no generation can use.
    public func validate() throws(GenerationError) {
        if maxNewTokens < 1 {
            throw .invalidSetting(name: "max new tokens", value: "\(maxNewTokens)", requirement: "must be at least 1")
        }
        if beams < 1 { throw .invalidSetting(name: "beams", value: "\(beams)", requirement: "must be at least 1") }
        if !lengthPenalty.isFinite {
            throw .invalidSetting(name: "length penalty", value: "\(lengthPenalty)", requirement: "must be a finite number")
        }
        if noRepeatNGramSize < 0 {
            throw .invalidSetting(name: "no-repeat n-gram size", value: "\(noRepeatNGramSize)",
                                  requirement: "must be 0 (off) or more")
        }
    }
}
