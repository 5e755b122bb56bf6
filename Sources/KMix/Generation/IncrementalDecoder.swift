/// GPT-2's forward pass a position at a time over per-sequence key/value caches (`KVCache`), so that each new token
/// costs one position: `prefill` runs whole prompts, `step` one new token for each of many sequences.
///
/// Both return the next-token logits of one position per sequence (the prompt's last, or the new one) in a buffer
/// that the next call reuses (the caller may change them in place). The arithmetic is the full forward's (`Transformer.hiddenStates`, then
/// `NextTokenLogits`): float32, the same kernels in the same order, with no padding.
///
/// Work is split over `workers` (see `ThreadPolicy`): prompts by token count, decoded rows in contiguous runs. A step
/// of at most `StepPass.perRowLimit` rows runs on one worker, its matrix-vector products spread over the cores by
/// OpenBLAS: each worker of a split would read all the weights, which costs more than the rows save.
final class IncrementalDecoder {
    let transformer: Transformer
    private var workspaces: [DecoderWorkspace] = []
    private let logits = ReusableBuffer<Float>()

    /// A decoder over `transformer`, a decoder (`ModelFamily.isDecoder`).
    init(_ transformer: Transformer) {
        self.transformer = transformer
    }

    private var configuration: ModelConfiguration { transformer.configuration }
    private var weights: ModelWeights { transformer.weights }

    /// Runs `prompts` through the model, filling `caches[i]` (empty, with room for the prompt) with prompt i's keys
    /// and values, and returns the logits after each prompt's last token (`prompts.count x vocab`).
    func prefill(_ prompts: [[Int32]], into caches: [KVCache], workers: Int) -> UnsafeMutablePointer<Float> {
        let c = configuration, d = c.hiddenSize, vocabulary = c.vocabularySize
        let batch = PackedBatch(sequences: prompts)
        let groups = batch.split(into: workers)
        let spaces = workspaces(groups.count), result = SharedPointer(logits.reserve(prompts.count * vocabulary))
        let transformer = transformer
        ThreadPolicy.forEachWorker(groups.count) { index in
            let group = groups[index], space = spaces[index], rows = group.batch.tokenCount
            let hidden = space.hidden.reserve(rows * d)
            transformer.embed(group.batch, into: hidden)
            var noDropout: DropoutSource?
            for (layerIndex, layer) in transformer.weights.layers.enumerated() {
                space.pass.forward(layer, configuration: c, batch: group.batch, hidden: hidden, adapters: nil,
                                   dropout: &noDropout)
                for (slot, member) in group.members.enumerated() {
                    caches[member].store(layer: layerIndex, qkv: space.pass.qkv.pointer + group.batch.offsets[slot] * 3 * d,
                                                rows: group.batch.lengths[slot])
                }
            }
            let count = group.members.count, last = space.lastHidden.reserve(count * d)
            for (slot, member) in group.members.enumerated() {
                caches[member].commit(group.batch.lengths[slot])
                let row = group.batch.offsets[slot] + group.batch.lengths[slot] - 1
                (last + slot * d).update(from: hidden + row * d, count: d)
            }
            transformer.applyFinalNorm(last, rows: count)
            let out = space.lastLogits.reserve(count * vocabulary)
            NextTokenLogits.apply(last, rows: count, weights: transformer.weights, into: out)
            for (slot, member) in group.members.enumerated() {
                (result.base + member * vocabulary).update(from: out + slot * vocabulary, count: vocabulary)
            }
        }
        return result.base
    }

    /// Runs one new token per sequence, `tokens[i]` at position `caches[i].length` (appending its keys and values to
    /// `caches[i]`), and returns the next-token logits after each (`tokens.count x vocab`).
    func step(_ tokens: [Int32], caches: [KVCache], workers: Int) -> UnsafeMutablePointer<Float> {
        let rows = tokens.count, vocabulary = configuration.vocabularySize
        let parts = rows <= StepPass.perRowLimit ? 1 : max(1, min(workers, rows))
        let spaces = workspaces(parts), result = SharedPointer(logits.reserve(rows * vocabulary))
        let pass = StepPass(transformer: transformer)
        ThreadPolicy.forEachWorker(parts) { index in
            let range = (index * rows / parts)..<((index + 1) * rows / parts)
            pass.run(tokens: tokens[range], caches: caches[range], space: spaces[index],
                        logits: result.base + range.lowerBound * vocabulary)
        }
        return result.base
    }

    /// The first `count` workspaces, made when missing.
    private func workspaces(_ count: Int) -> [DecoderWorkspace] {
        while workspaces.count < count { workspaces.append(DecoderWorkspace()) }
        return Array(workspaces.prefix(count))
    }
}
