import Foundation

/// Numerically stable softmax along rows.
public enum Softmax {
    /// Replaces each of `rows` rows (row stride `stride`, `width` values used)
    /// with its softmax, after multiplying it by `scale`.
    @inlinable
    public static func rows(
        _ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, stride: Int, scale: Float = 1
    ) {
        for row in 0..<rows {
            let v = x + row * stride
            let shift = Reduction.max(v, count: width) * scale
            for i in 0..<width { v[i] = Elementwise.exp(v[i] * scale - shift) }
            let inverse = 1 / Reduction.sum(v, count: width)
            for i in 0..<width { v[i] *= inverse }
        }
    }

    /// The shift that turns `width` logits into log-probabilities, `max + log Σ exp(x − max)`, computed as PyTorch's
    /// `log_softmax` does (a log-probability is `(x − max) − log Σ exp(x − max)`); returned as its two parts.
    public static func logNormalizer(_ x: UnsafePointer<Float>, width: Int) -> (max: Float, logSum: Float) {
        let largest = Reduction.max(x, count: width)
        var lanes = SIMD8<Float>(repeating: 0), i = 0
        while i + 8 <= width {
            var chunk = SIMD8<Float>()
            for lane in 0..<8 { chunk[lane] = Elementwise.exp(x[i + lane] - largest) }
            lanes += chunk
            i += 8
        }
        var total = lanes.sum()
        while i < width {
            total += Elementwise.exp(x[i] - largest)
            i += 1
        }
        return (largest, Foundation.log(total))
    }

    /// Replaces `width` logits by their log-softmax, `(x − max) − log Σ exp(x − max)`, as PyTorch's `log_softmax`.
    public static func logRow(_ x: UnsafeMutablePointer<Float>, width: Int) {
        let (largest, logSum) = logNormalizer(x, width: width)
        for i in 0..<width { x[i] = (x[i] - largest) - logSum }
    }
}
