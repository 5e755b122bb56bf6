/// One prompt's search: greedy decoding with one beam, beam search with more.
enum PromptSearch {
    case greedy(GreedySearch)
    case beam(BeamSearch)

    init(prompt: [Int32], settings: GenerationSettings, endTokens: Set<Int32>) {
        self = settings.beams == 1 ? .greedy(GreedySearch(prompt: prompt, settings: settings, endTokens: endTokens))
            : .beam(BeamSearch(prompt: prompt, settings: settings, endTokens: endTokens))
    }

    /// Whether the prompt's generation has ended.
    var isDone: Bool {
        switch self {
        case let .greedy(search): return search.isDone
        case let .beam(search): return search.isDone
        }
    }

    /// Rows of logits the next `advance` takes.
    var rowsNeeded: Int {
        switch self {
        case .greedy: return 1
        case let .beam(search): return search.rowsNeeded
        }
    }

    /// The token each running sequence feeds next, in row order.
    var lastTokens: [Int32] {
        switch self {
        case let .greedy(search): return [search.lastToken]
        case let .beam(search): return search.running.map { $0[$0.count - 1] }
        }
    }

    /// The generated tokens and their score.
    var result: Generation {
        switch self {
        case let .greedy(search): return Generation(tokens: search.tokens, score: search.score)
        case let .beam(search): return search.result
        }
    }

    /// Takes the running sequences' next-token logits (`rowsNeeded` rows, changed in place) and returns, for each
    /// running sequence after the step, the index of the sequence it continues.
    mutating func advance(logits: UnsafeMutablePointer<Float>, vocabularySize: Int) -> [Int] {
        switch self {
        case var .greedy(search):
            search.advance(logits: logits, vocabularySize: vocabularySize)
            self = .greedy(search)
            return [0]
        case var .beam(search):
            let parents = search.advance(logits: logits, vocabularySize: vocabularySize)
            self = .beam(search)
            return parents
        }
    }
}
