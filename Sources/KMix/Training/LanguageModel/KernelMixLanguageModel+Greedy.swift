extension KernelMixLanguageModel {
    /// The `count` tokens greedy decoding appends to `prompt` (the highest-scoring token each step, the lowest id
    /// on a tie), stopping early at the model's last position. Each step runs the whole sequence again: a check
    /// of an export's greedy tokens, not a generator.
    public func greedyContinuation(of prompt: [Int32], count: Int) -> [Int32] {
        let vocabulary = model.configuration.vocabularySize
        var sequence = prompt, added: [Int32] = []
        while added.count < count, !sequence.isEmpty, sequence.count < model.configuration.maxPositions {
            let scores = logits(for: PackedBatch(sequences: [sequence])).scalars.suffix(vocabulary)
            var best = scores.startIndex
            for index in scores.indices where scores[index] > scores[best] { best = index }
            let token = Int32(best - scores.startIndex)
            sequence.append(token)
            added.append(token)
        }
        return added
    }
}
