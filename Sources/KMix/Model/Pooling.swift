/// How per-token hidden states become one vector per sequence.
public enum Pooling: String, CaseIterable, Sendable {
    /// The average over the sequence's real tokens (sentence-transformers' choice).
    case mean
    /// The hidden state of the first token, `[CLS]`.
    case cls
    /// No pooling: every token's hidden state.
    case none

    /// One row per sequence (`sequences x d`); with `normalize`, each row has unit L2 norm.
    /// - Precondition: the pooling is `mean` or `cls`.
    public func pool(_ hidden: Tensor, batch: PackedBatch, normalize: Bool) -> Tensor {
        precondition(self != .none, "pooling 'none' keeps every token")
        let d = hidden.columns
        var pooled = [Float](repeating: 0, count: batch.count * d)
        for sequence in 0..<batch.count {
            let start = batch.offsets[sequence], length = batch.lengths[sequence]
            let rows = self == .cls ? 1 : length
            let out = sequence * d
            for token in start..<(start + rows) {
                for i in 0..<d { pooled[out + i] += hidden.scalars[token * d + i] }
            }
            let inverse = 1 / Float(max(rows, 1))
            for i in 0..<d { pooled[out + i] *= inverse }
            if normalize {
                var squares: Float = 0
                for i in 0..<d { squares += pooled[out + i] * pooled[out + i] }
                let scale = 1 / max(squares.squareRoot(), 1e-12)
                for i in 0..<d { pooled[out + i] *= scale }
            }
        }
        return Tensor(shape: [batch.count, d], scalars: pooled)
    }
}
