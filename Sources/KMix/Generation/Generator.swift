/// Continues prompts with a decoder (GPT-2): greedy decoding or beam search with transformers' `generate`
/// semantics (`GenerationSettings`, `docs/generation.md`), over per-sequence key/value caches.
///
/// The prompts of one call are prefilled together (packed, no padding), then every live sequence — one per prompt
/// for greedy decoding, one per beam for beam search — runs one position per step, all of them in one pass.
/// Each prompt's search is independent: a prompt gets the same tokens alone or in any batch.
public final class Generator {
    /// The model.
    public let transformer: Transformer
    private let decoder: IncrementalDecoder
    private let workers: Int

    /// A generator over `transformer`, refused (naming `modelName`) when its family is not a decoder; the work of each
    /// pass is split over `workers` (see `ThreadPolicy`).
    public init(_ transformer: Transformer, modelName: String,
                workers: Int = ThreadPolicy.defaultWorkers) throws(GenerationError) {
        guard transformer.configuration.family.isDecoder else {
            throw .notADecoder(model: modelName, family: transformer.configuration.family)
        }
        self.transformer = transformer
        decoder = IncrementalDecoder(transformer)
        self.workers = max(1, workers)
    }

    /// Generates a continuation of every prompt (token ids); the result's element i belongs to `prompts[i]`. A prompt
    /// with no tokens starts from the beginning-of-text token (`bos_token_id`), as transformers does without input ids.
    public func generate(_ prompts: [[Int32]], settings: GenerationSettings) throws(GenerationError) -> [Generation] {
        try settings.validate()
        let inputs = try checked(prompts, settings: settings)
        guard !inputs.isEmpty else { return [] }
        let c = transformer.configuration, v = c.vocabularySize
        let ends = Set(c.endOfTextIDs.map { Int32($0) })
        var caches = inputs.map { prompt in
            (0..<settings.beams).map { _ in
                KVCache(layers: c.layerCount, width: c.hiddenSize, capacity: prompt.count + settings.maxNewTokens)
            }
        }
        var searches = inputs.map { PromptSearch(prompt: $0, settings: settings, endTokens: ends) }
        var logits = decoder.prefill(inputs, into: caches.map { $0[0] }, workers: workers)
        var rows = Array(repeating: 1, count: inputs.count)
        while true {
            var tokens: [Int32] = [], stepCaches: [KVCache] = []
            for (index, rowCount) in rows.enumerated() where rowCount > 0 {
                let parents = searches[index].advance(logits: logits, vocabularySize: v)
                logits += rowCount * v
                guard !searches[index].isDone else { continue }
                caches[index] = Self.reorder(caches[index], parents: parents)
                tokens += searches[index].lastTokens
                stepCaches += caches[index].prefix(searches[index].lastTokens.count)
            }
            rows = searches.map { $0.isDone ? 0 : $0.rowsNeeded }
            guard !tokens.isEmpty else { break }
            logits = decoder.step(tokens, caches: stepCaches, workers: workers)
        }
        return searches.map(\.result)
    }

    /// The prompts to run: an empty one replaced by the beginning-of-text token; every one refused when it holds an
    /// id outside the vocabulary or does not fit the positions with `maxNewTokens` after it.
    private func checked(_ prompts: [[Int32]], settings: GenerationSettings) throws(GenerationError) -> [[Int32]] {
        let c = transformer.configuration
        var result: [[Int32]] = []
        for (index, prompt) in prompts.enumerated() {
            var ids = prompt
            if ids.isEmpty {
                guard let start = c.beginningOfTextID, start < c.vocabularySize else { throw .emptyPrompt(index: index) }
                ids = [Int32(start)]
            }
            if let bad = ids.first(where: { $0 < 0 || Int($0) >= c.vocabularySize }) {
                throw .tokenOutsideVocabulary(index: index, token: bad, vocabularySize: c.vocabularySize)
            }
            if ids.count + settings.maxNewTokens > c.maxPositions {
                throw .beyondPositions(index: index, promptTokens: ids.count, maxNewTokens: settings.maxNewTokens,
                                       positions: c.maxPositions)
            }
            result.append(ids)
        }
        return result
    }

    /// Gives beam i the history of beam `parents[i]`: the first beam continuing a parent takes its cache over, the
    /// others copy it into a cache no beam continues.
    private static func reorder(_ caches: [KVCache], parents: [Int]) -> [KVCache] {
        guard parents.enumerated().contains(where: { $0.offset != $0.element }) else { return caches }
        var taken = Array(repeating: false, count: caches.count)
        var assigned: [KVCache?] = Array(repeating: nil, count: parents.count)
        for (beam, parent) in parents.enumerated() where !taken[parent] {
            taken[parent] = true
            assigned[beam] = caches[parent]
        }
        var free = caches.indices.filter { !taken[$0] }.map { caches[$0] }
        for (beam, parent) in parents.enumerated() where assigned[beam] == nil {
            let cache = free.removeLast()
            cache.copy(from: caches[parent])
            assigned[beam] = cache
        }
        return assigned.compactMap { $0 }
    }
}
