extension PretrainedModel {
    /// A hash that tells base models apart: SHA-256 of the configuration's
    /// sizes and of a sample of the weights (the first word embeddings and the
    /// last layer's query/key/value weights), so that two checkpoints with the
    /// same architecture but different weights differ too.
    public var baseModelHash: String {
        let c = configuration
        var text = "bert layers=\(c.layerCount) heads=\(c.headCount) hidden=\(c.hiddenSize) "
            + "intermediate=\(c.intermediateSize) vocab=\(c.vocabularySize) positions=\(c.maxPositions) "
            + "types=\(c.typeVocabularySize);"
        let weights = encoder.weights
        let samples: [ArraySlice<Float>] = [weights.wordEmbeddings.scalars.prefix(256),
                                            weights.layers.last?.qkvWeight.scalars.prefix(256) ?? []]
        for sample in samples { text += sample.map { String($0.bitPattern, radix: 16) }.joined(separator: ",") + ";" }
        return SHA256Digest.hex(text)
    }
}
