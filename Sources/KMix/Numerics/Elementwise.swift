/// Element-wise functions written in plain arithmetic (no libm calls), so that
/// the compiler can vectorise the loops that use them.
///
/// Accuracy (checked against double-precision libm in `ElementwiseTests`):
/// `exp` within 2 ulp over its range, `erf` within 5e-7 absolute.
public enum Elementwise {
    /// `e^x` by Cody–Waite range reduction and a degree-6 polynomial (Cephes
    /// `expf`); 0 below -87.3, and clamped at the top of Float's range.
    @inlinable @inline(__always)
    public static func exp(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -87.33654), 88.72283)
        // Adding 1.5·2²³ rounds to the nearest integer n, which then sits in the
        // low mantissa bits: no libm call and no trapping conversion, so loops vectorise.
        let shifted = clamped * 1.442695041 + 12_582_912
        let n = shifted - 12_582_912
        let r = clamped - n * 0.693359375 + n * 2.12194440e-4
        var p: Float = 1.9875691500e-4
        p = p * r + 1.3981999507e-3
        p = p * r + 8.3334519073e-3
        p = p * r + 4.1665795894e-2
        p = p * r + 1.6666665459e-1
        p = p * r + 5.0000001201e-1
        let y = p * r * r + r + 1
        let exponent = (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23
        return x < -87.33654 ? 0 : y * Float(bitPattern: exponent)
    }

    /// The error function, by a rational approximation on [-4, 4] (erf is
    /// ±1 to float precision outside).
    @inlinable @inline(__always)
    public static func erf(_ x: Float) -> Float {
        let t = Swift.min(Swift.max(x, -4), 4)
        let t2 = t * t
        var p: Float = -2.72614225801306e-10
        p = p * t2 + 2.77068142495902e-08
        p = p * t2 + -2.10102402082508e-06
        p = p * t2 + -5.69250639462346e-05
        p = p * t2 + -7.34990630326855e-04
        p = p * t2 + -2.95459980854025e-03
        p = p * t2 + -1.60960333262415e-02
        var q: Float = -1.45660718464996e-05
        q = q * t2 + -2.13374055278905e-04
        q = q * t2 + -1.68282697438203e-03
        q = q * t2 + -7.37332916720468e-03
        q = q * t2 + -1.42647390514189e-02
        return t * p / q
    }

    /// The hyperbolic tangent, `1 − 2 / (e^{2x} + 1)` through `exp` (±1 to float precision beyond |x| = 9);
    /// within 2e-7 absolute.
    @inlinable @inline(__always)
    public static func tanh(_ x: Float) -> Float {
        let clamped = Swift.min(Swift.max(x, -9), 9)
        return 1 - 2 / (exp(2 * clamped) + 1)
    }

    /// GELU in its exact form, `x/2 (1 + erf(x/√2))`, as BERT uses it.
    @inlinable @inline(__always)
    public static func gelu(_ x: Float) -> Float {
        0.5 * x * (1 + erf(x * 0.70710678118654752))
    }

    /// The derivative of exact GELU: `Φ(x) + x φ(x)`.
    @inlinable @inline(__always)
    public static func geluDerivative(_ x: Float) -> Float {
        let cdf = 0.5 * (1 + erf(x * 0.70710678118654752))
        return cdf + x * 0.3989422804014327 * exp(-0.5 * x * x)
    }

    /// GELU's tanh form, `x/2 (1 + tanh(√(2/π) (x + 0.044715 x³)))`, as GPT-2 uses it (`gelu_new`).
    @inlinable @inline(__always)
    public static func geluTanh(_ x: Float) -> Float {
        0.5 * x * (1 + Self.tanh(0.7978845608028654 * (x + 0.044715 * x * x * x)))
    }

    /// The derivative of GELU's tanh form.
    @inlinable @inline(__always)
    public static func geluTanhDerivative(_ x: Float) -> Float {
        let inner = 0.7978845608028654 * (x + 0.044715 * x * x * x)
        let t = Self.tanh(inner)
        return 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * 0.7978845608028654 * (1 + 3 * 0.044715 * x * x)
    }

    /// `activation`'s value at `x`.
    @inlinable @inline(__always)
    public static func activate(_ x: Float, _ activation: HiddenActivation) -> Float {
        activation == .gelu ? gelu(x) : geluTanh(x)
    }

    /// `activation`'s derivative at `x`.
    @inlinable @inline(__always)
    public static func derivative(_ x: Float, _ activation: HiddenActivation) -> Float {
        activation == .gelu ? geluDerivative(x) : geluTanhDerivative(x)
    }

    /// Adds `bias` (length `width`) to every row of `x` (row stride `stride`, default `width`).
    @inlinable
    public static func addBias(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int, stride: Int? = nil,
                               bias: UnsafePointer<Float>) {
        let stride = stride ?? width
        for row in 0..<rows {
            let v = x + row * stride
            for i in 0..<width { v[i] += bias[i] }
        }
    }

    /// Adds `bias` to every row of `x` and writes GELU (exact, or `kind`'s form) of the result to `activation`, in
    /// one pass (the feed-forward block keeps `x`, its pre-activation, for the backward pass).
    @inlinable
    public static func addBiasGELU(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                                   bias: UnsafePointer<Float>, activation: UnsafeMutablePointer<Float>,
                                   kind: HiddenActivation = .gelu) {
        for row in 0..<rows {
            let v = x + row * width, a = activation + row * width
            for i in 0..<width {
                let biased = v[i] + bias[i]
                v[i] = biased
                a[i] = kind == .gelu ? gelu(biased) : geluTanh(biased)
            }
        }
    }

    /// `x += bias + residual` row by row, in one pass (the sum before a
    /// post-residual layer norm).
    @inlinable
    public static func addBiasResidual(_ x: UnsafeMutablePointer<Float>, rows: Int, width: Int,
                                       bias: UnsafePointer<Float>, residual: UnsafePointer<Float>) {
        for row in 0..<rows {
            let v = x + row * width
            let r = residual + row * width
            for i in 0..<width { v[i] += bias[i] + r[i] }
        }
    }
}
