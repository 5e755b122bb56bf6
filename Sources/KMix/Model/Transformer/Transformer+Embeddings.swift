extension Transformer {
    /// Writes word + position + token-type embeddings, layer-normalised, to
    /// `hidden` (`tokens x d`). Positions count from 0 within each sequence.
    func embed(_ batch: PackedBatch, into hidden: UnsafeMutablePointer<Float>) {
        let d = configuration.hiddenSize
        weights.wordEmbeddings.scalars.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.scalars.withUnsafeBufferPointer { positions in
                weights.tokenTypeEmbeddings.scalars.withUnsafeBufferPointer { types in
                    for sequence in 0..<batch.count {
                        for position in 0..<batch.lengths[sequence] {
                            let token = batch.offsets[sequence] + position
                            let word = words.baseAddress! + Int(batch.tokenIDs[token]) * d
                            let place = positions.baseAddress! + position * d
                            let type = types.baseAddress! + Int(batch.typeIDs[token]) * d
                            let row = hidden + token * d
                            for i in 0..<d { row[i] = word[i] + type[i] + place[i] }
                        }
                    }
                }
            }
        }
        LayerNorm.apply(hidden, rows: batch.tokenCount, width: d,
                        weights: weights.embeddingNormGamma, weights.embeddingNormBeta,
                        epsilon: configuration.layerNormEpsilon)
    }
}
