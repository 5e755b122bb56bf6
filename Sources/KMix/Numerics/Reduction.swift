/// Sums, maxima and dot products with eight independent partial results.
///
/// A plain `total += x[i]` loop is one long dependency chain that the compiler
/// may not reorder (float addition is not associative), so it runs one element
/// per add latency; eight lanes in a SIMD register run eight at a time. The
/// result differs from the serial sum by rounding only.
public enum Reduction {
    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
    }

    /// The sum of `count` values.
    @inlinable
    public static func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count {
            lanes += load(x + i)
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += x[i]
            i += 1
        }
        return total
    }

    /// The largest of `count` (at least one) values.
    @inlinable
    public static func max(_ x: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: -.infinity)
        var i = 0
        while i + 8 <= count {
            lanes = pointwiseMax(lanes, load(x + i))
            i += 8
        }
        var largest = lanes.max()
        while i < count {
            largest = Swift.max(largest, x[i])
            i += 1
        }
        return largest
    }

    /// `Σ a[i] b[i]` over `count` values.
    @inlinable
    public static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, count: Int) -> Float {
        var lanes = SIMD8<Float>(repeating: 0)
        var i = 0
        while i + 8 <= count {
            lanes += load(a + i) * load(b + i)
            i += 8
        }
        var total = lanes.sum()
        while i < count {
            total += a[i] * b[i]
            i += 1
        }
        return total
    }
}
