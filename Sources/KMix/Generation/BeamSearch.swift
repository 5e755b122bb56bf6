import Foundation

/// Beam search over one prompt as transformers' `_beam_search` runs it (`docs/generation.md`): each step takes the
/// best `2·beams` (`(1 + end tokens)·beams` with several end tokens) continuations of all running beams by summed
/// log-probability; those that end (an end-of-text token, or the length limit) and rank among the first `beams`
/// become finished hypotheses scored `sum / generated^α`, and the best `beams` that do not end keep running. The
/// arithmetic, float32 with transformers' −1e9 markers, is transformers', so ties and near-ties resolve alike.
struct BeamSearch {
    /// A finished hypothesis; while fewer than `beams` have finished, the empty slots hold transformers' initial
    /// −1e9 scores.
    struct Hypothesis {
        var tokens: [Int32]
        var score: Float
        var isFinished: Bool
    }

    /// transformers' marker for a score that must not be chosen.
    static let excluded: Float = -1.0e9

    let prompt: [Int32]
    let settings: GenerationSettings
    let endTokens: Set<Int32>
    /// Continuations kept per step.
    let candidateCount: Int
    /// The running beams' generated tokens, best first.
    private(set) var running: [[Int32]]
    private var runningScores: [Float]
    private(set) var hypotheses: [Hypothesis]
    /// Whether a running beam may still beat the worst finished hypothesis (transformers'
    /// `is_early_stop_heuristic_unsatisfied`).
    private var improvable = true
    private(set) var isDone = false
    /// Tokens each running beam has generated.
    private var generated = 0

    init(prompt: [Int32], settings: GenerationSettings, endTokens: Set<Int32>) {
        self.prompt = prompt
        self.settings = settings
        self.endTokens = endTokens
        let beams = settings.beams
        candidateCount = max(2, 1 + endTokens.count) * beams
        running = Array(repeating: [], count: beams)
        runningScores = [0] + Array(repeating: Self.excluded, count: beams - 1)
        hypotheses = Array(repeating: Hypothesis(tokens: [], score: Self.excluded, isFinished: false), count: beams)
    }

    /// Rows of logits `advance` takes: the prompt's alone before the first token (every beam holds the prompt), then
    /// one per running beam.
    var rowsNeeded: Int { generated == 0 ? 1 : settings.beams }

    /// The best finished hypothesis: its tokens and score.
    var result: Generation { Generation(tokens: hypotheses[0].tokens, score: hypotheses[0].score) }

    /// Takes the next-token logits of the running beams (`rowsNeeded` rows of `vocabularySize`, changed in place) and
    /// returns, for each new running beam, the index of the beam it continues.
    mutating func advance(logits: UnsafeMutablePointer<Float>, vocabularySize v: Int) -> [Int] {
        let beams = settings.beams, rows = rowsNeeded
        for row in 0..<rows {
            let scores = logits + row * v
            Softmax.logRow(scores, width: v)
            if settings.noRepeatNGramSize > 0 {
                NoRepeatNGram.ban(after: prompt + running[row], size: settings.noRepeatNGramSize, scores: scores,
                                  vocabularySize: v)
            }
        }
        let top = bestContinuations(logits: logits, rows: rows, vocabularySize: v)
        let length = prompt.count + generated, limit = prompt.count + settings.maxNewTokens
        let ends = top.map { endTokens.contains($0.token) || length + 1 >= limit }
        // The best `beams` continuations that do not end keep running.
        let runningValues = zip(top, ends).map { $1 ? $0.score + Self.excluded : $0.score }
        let kept = Self.best(beams, of: runningValues)
        let continued = kept.map { top[$0].beam }
        let previous = running
        running = kept.map { previous[top[$0].beam] + [top[$0].token] }
        runningScores = kept.map { runningValues[$0] }
        // Finished continuations among the first `beams` join the hypotheses if they rank among the best `beams`.
        let divisor = Float(pow(Double(generated + 1), Double(settings.lengthPenalty)))
        let full = settings.earlyStopping == .finished && hypotheses.allSatisfy(\.isFinished)
        var merged = hypotheses
        for (index, continuation) in top.enumerated() {
            var score = continuation.score / divisor
            if full { score += Self.excluded }
            if !improvable { score += Self.excluded }
            let finishes = ends[index] && index < beams
            if !finishes { score += Self.excluded }
            merged.append(Hypothesis(tokens: previous[continuation.beam] + [continuation.token], score: score,
                                     isFinished: finishes))
        }
        hypotheses = Self.best(beams, of: merged.map(\.score)).map { merged[$0] }
        generated += 1
        updateImprovable()
        let allFinished = settings.earlyStopping == .finished && hypotheses.allSatisfy(\.isFinished)
        isDone = !improvable || allFinished || ends.allSatisfy { $0 }
        return continued
    }

    /// transformers' `_check_early_stop_heuristic`: the best running score, at the current generated length (at the
    /// maximum with `never` and a positive penalty), against the worst finished score.
    private mutating func updateImprovable() {
        let penalty = settings.lengthPenalty
        let length = settings.earlyStopping == .never && penalty > 0 ? settings.maxNewTokens : generated
        let best = runningScores[0] / Float(pow(Double(length), Double(penalty)))
        let worst = hypotheses.map(\.score).min() ?? Self.excluded
        improvable = improvable && hypotheses.contains { best > ($0.isFinished ? worst : Self.excluded) }
    }

    /// The `candidateCount` best (beam, token) pairs by running score + log-probability, best first (the lower
    /// index first on ties, an index being `beam · vocabularySize + token`). Before the first token every beam
    /// reads the prompt's row, and continuations of the beams that start at −1e9 (all but the first, as in
    /// transformers) continue beam 0.
    private func bestContinuations(logits: UnsafePointer<Float>, rows: Int,
                                   vocabularySize v: Int) -> [(beam: Int, token: Int32, score: Float)] {
        var top: [(beam: Int, token: Int32, score: Float)] = []
        top.reserveCapacity(candidateCount + 1)
        for beam in 0..<settings.beams {
            let row = logits + (rows == 1 ? 0 : beam) * v, base = runningScores[beam]
            for token in 0..<v {
                let score = row[token] + base
                if top.count == candidateCount {
                    guard score > top[candidateCount - 1].score else { continue }
                    top.removeLast()
                }
                var place = top.count
                while place > 0 && score > top[place - 1].score { place -= 1 }
                top.insert((rows == 1 ? 0 : beam, Int32(token), score), at: place)
            }
        }
        return top
    }

    /// The indices of the `count` largest `values`, largest first (the lower index first on ties).
    static func best(_ count: Int, of values: [Float]) -> [Int] {
        let order = values.indices.sorted { values[$0] > values[$1] || (values[$0] == values[$1] && $0 < $1) }
        return Array(order.prefix(count))
    }
}
