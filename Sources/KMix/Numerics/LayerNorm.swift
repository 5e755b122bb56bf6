/// Layer normalisation over the last dimension, as BERT applies it.
public enum LayerNorm {
    /// Normalises each of `rows` rows of `width` values in place:
    /// `y = (x - mean) / sqrt(var + epsilon) * gamma + beta`.
    ///
    /// The variance is the biased one (divided by `width`), computed in two
    /// passes for accuracy, as PyTorch does.
    @inlinable
    public static func apply(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
        gamma: UnsafePointer<Float>, beta: UnsafePointer<Float>, epsilon: Float
    ) {
        let inverseWidth = 1 / Float(width)
        for row in 0..<rows {
            let v = x + row * width
            var sum: Float = 0
            for i in 0..<width { sum += v[i] }
            let mean = sum * inverseWidth
            var squares: Float = 0
            for i in 0..<width {
                let centred = v[i] - mean
                squares += centred * centred
            }
            let scale = 1 / (squares * inverseWidth + epsilon).squareRoot()
            for i in 0..<width { v[i] = (v[i] - mean) * scale * gamma[i] + beta[i] }
        }
    }
}

extension LayerNorm {
    /// Normalises `rows` rows of `gamma.count` values in place with tensor parameters.
    public static func apply(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                             weights gamma: Tensor, _ beta: Tensor, epsilon: Float) {
        gamma.scalars.withUnsafeBufferPointer { g in
            beta.scalars.withUnsafeBufferPointer { b in
                apply(x, rows: rows, width: width, gamma: g.baseAddress!, beta: b.baseAddress!, epsilon: epsilon)
            }
        }
    }
}
