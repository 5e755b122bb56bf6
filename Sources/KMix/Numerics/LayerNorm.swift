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
            let mean = Reduction.sum(v, count: width) * inverseWidth
            for i in 0..<width { v[i] -= mean }
            let squares = Reduction.dot(v, v, count: width)
            let scale = 1 / (squares * inverseWidth + epsilon).squareRoot()
            for i in 0..<width { v[i] = v[i] * scale * gamma[i] + beta[i] }
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

extension LayerNorm {
    /// Normalises rows in place like `apply`, also saving each row's normalised
    /// values (before scale and shift) and reciprocal standard deviation for the backward pass.
    public static func forward(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                               weights gamma: Tensor, _ beta: Tensor, epsilon: Float,
                               normalized: UnsafeMutablePointer<Float>, reciprocalDeviation: UnsafeMutablePointer<Float>) {
        let inverseWidth = 1 / Float(width)
        gamma.scalars.withUnsafeBufferPointer { g in
            beta.scalars.withUnsafeBufferPointer { b in
                for row in 0..<rows {
                    let v = x + row * width, n = normalized + row * width
                    let mean = Reduction.sum(v, count: width) * inverseWidth
                    for i in 0..<width { n[i] = v[i] - mean }
                    let scale = 1 / (Reduction.dot(n, n, count: width) * inverseWidth + epsilon).squareRoot()
                    reciprocalDeviation[row] = scale
                    for i in 0..<width {
                        n[i] *= scale
                        v[i] = n[i] * g[i] + b[i]
                    }
                }
            }
        }
    }

    /// Replaces `gradient` (of the layer norm's output) by the gradient of its input:
    /// `dx = rstd (dx̂ − mean(dx̂) − x̂ mean(dx̂ x̂))` with `dx̂ = dy γ`.
    public static func backward(_ gradient: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                                gamma: Tensor, normalized: UnsafePointer<Float>,
                                reciprocalDeviation: UnsafePointer<Float>) {
        let inverseWidth = 1 / Float(width)
        gamma.scalars.withUnsafeBufferPointer { gammaBuffer in
            let gain = gammaBuffer.baseAddress!
            for row in 0..<rows {
                let g = gradient + row * width, n = normalized + row * width
                for i in 0..<width { g[i] *= gain[i] }
                let meanGradient = Reduction.sum(g, count: width) * inverseWidth
                let meanDot = Reduction.dot(g, n, count: width) * inverseWidth
                let rstd = reciprocalDeviation[row]
                for i in 0..<width { g[i] = rstd * (g[i] - meanGradient - n[i] * meanDot) }
            }
        }
    }
}
