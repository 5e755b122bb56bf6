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
            var maximum = -Float.infinity
            for i in 0..<width { maximum = Swift.max(maximum, v[i]) }
            var total: Float = 0
            for i in 0..<width {
                let e = Elementwise.exp((v[i] - maximum) * scale)
                v[i] = e
                total += e
            }
            let inverse = 1 / total
            for i in 0..<width { v[i] *= inverse }
        }
    }
}
