extension Transformer {
    /// Writes word + token-type + position embeddings to `hidden` (`tokens x d`; no token type for GPT-2),
    /// layer-normalised when the family has an embedding norm. Positions count from the family's offset within
    /// each sequence (0, or RoBERTa's `padding_idx + 1`).
    func embed(_ batch: PackedBatch, into hidden: UnsafeMutablePointer<Float>) {
        let d = configuration.hiddenSize, offset = configuration.positionOffset
        weights.wordEmbeddings.scalars.withUnsafeBufferPointer { words in
            weights.positionEmbeddings.scalars.withUnsafeBufferPointer { positions in
                func sum(types: UnsafePointer<Float>?) {
                    for sequence in 0..<batch.count {
                        for position in 0..<batch.lengths[sequence] {
                            let token = batch.offsets[sequence] + position
                            let word = words.baseAddress! + Int(batch.tokenIDs[token]) * d
                            let place = positions.baseAddress! + (offset + position) * d
                            let row = hidden + token * d
                            if let types {
                                let type = types + Int(batch.typeIDs[token]) * d
                                for i in 0..<d { row[i] = word[i] + type[i] + place[i] }
                            } else {
                                for i in 0..<d { row[i] = word[i] + place[i] }
                            }
                        }
                    }
                }
                if let table = weights.tokenTypeEmbeddings {
                    table.scalars.withUnsafeBufferPointer { sum(types: $0.baseAddress!) }
                } else {
                    sum(types: nil)
                }
            }
        }
        if let norm = weights.embeddingNorm {
            LayerNorm.apply(hidden, rows: batch.tokenCount, width: d, weights: norm.gamma, norm.beta,
                            epsilon: configuration.layerNormEpsilon)
        }
    }
}
