/// A dropout mask drawn into memory that is reused from pass to pass: one
/// byte per element (1 kept, 0 dropped) and the factor kept elements are
/// scaled by, as in `DropoutMask`. Inactive means no dropout.
final class MaskBuffer {
    private let bytes = ReusableBuffer<UInt8>()
    /// 1 / (1 − rate); 1 when inactive.
    private(set) var scale: Float = 1
    /// Whether the last draw made a mask.
    private(set) var isActive = false

    /// Draws `count` elements at `rate` from `source`; without a source or a positive rate, no dropout.
    func draw(_ count: Int, rate: Float?, from source: inout DropoutSource?) {
        guard let rate, rate > 0, source != nil else {
            isActive = false
            scale = 1
            return
        }
        source!.draw(into: bytes.reserve(count), count: count, rate: rate)
        isActive = true
        scale = 1 / (1 - rate)
    }

    /// The flags, or nil when there is no dropout.
    var kept: UnsafePointer<UInt8>? { isActive ? UnsafePointer(bytes.pointer) : nil }

    /// Multiplies `count` values of `x` by the mask after copying them to `copy`, in one pass
    /// (a residual connection's gradient: the copy is the residual's, `x` the dropped branch's).
    func apply(to x: UnsafeMutablePointer<Float>, count: Int, copyingTo copy: UnsafeMutablePointer<Float>) {
        guard let kept else { return copy.update(from: x, count: count) }
        let scale = self.scale
        for i in 0..<count {
            let value = x[i]
            copy[i] = value
            x[i] = value * (Float(kept[i]) * scale)
        }
    }

    /// Multiplies the first `count` values of `x` by the mask's factors.
    func apply(to x: UnsafeMutablePointer<Float>, count: Int) {
        guard let kept else { return }
        let scale = self.scale
        for i in 0..<count { x[i] *= Float(kept[i]) * scale }
    }
}
