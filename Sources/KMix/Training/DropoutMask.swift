/// The elements a dropout keeps, one byte each (1 kept, 0 dropped), and the
/// factor kept elements are scaled by. Empty: no dropout.
public struct DropoutMask: Sendable, Equatable {
    /// 1 for each kept element, 0 for each dropped one.
    public let kept: [UInt8]
    /// 1 / (1 − rate).
    public let scale: Float

    /// No dropout.
    public static let none = DropoutMask(kept: [], scale: 1)

    /// Whether this is "no dropout".
    public var isEmpty: Bool { kept.isEmpty }

    /// The factor element `index` is multiplied by.
    @inlinable
    public func factor(_ index: Int) -> Float { Float(kept[index]) * scale }

    /// Multiplies `count` values of `x` by the factors of elements `start ..< start + count`.
    @inlinable
    public func apply(to x: UnsafeMutablePointer<Float>, count: Int, start: Int = 0) {
        guard !kept.isEmpty else { return }
        kept.withUnsafeBufferPointer { k in
            let scale = self.scale
            for i in 0..<count { x[i] *= Float(k[start + i]) * scale }
        }
    }
}
