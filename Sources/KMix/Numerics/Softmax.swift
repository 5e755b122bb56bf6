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
}
