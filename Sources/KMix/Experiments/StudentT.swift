import Foundation

/// Student's t distribution: its distribution function and quantiles, from the regularized incomplete beta
/// function (Numerical Recipes' continued fraction, evaluated by the modified Lentz method).
public enum StudentT {
    /// The `p` quantile of the t distribution with `degreesOfFreedom` degrees of freedom: the t with
    /// P(T ≤ t) = p. `quantile(0.975, degreesOfFreedom: 1)` is 12.706…, the factor of a two-sided 95 % interval
    /// from two values. Found by bisection on `distribution`, to the precision of a `Double`.
    /// - Precondition: 0 < p < 1 and degreesOfFreedom ≥ 1.
    public static func quantile(_ p: Double, degreesOfFreedom: Int) -> Double {
        precondition(p > 0 && p < 1 && degreesOfFreedom >= 1, "a probability in (0, 1) and at least 1 degree of freedom")
        if p == 0.5 { return 0 }
        if p < 0.5 { return -quantile(1 - p, degreesOfFreedom: degreesOfFreedom) }
        let nu = Double(degreesOfFreedom)
        var low = 0.0, high = 1.0
        while distribution(high, degreesOfFreedom: nu) < p { low = high; high *= 2 }
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if distribution(middle, degreesOfFreedom: nu) < p { low = middle } else { high = middle }
        }
        return (low + high) / 2
    }

    /// P(T ≤ t) for `degreesOfFreedom` ν: 1 − I_x(ν/2, 1/2) / 2 with x = ν / (ν + t²) for t ≥ 0, by symmetry below 0.
    static func distribution(_ t: Double, degreesOfFreedom nu: Double) -> Double {
        let tail = 0.5 * regularizedIncompleteBeta(nu / (nu + t * t), a: nu / 2, b: 0.5)
        return t >= 0 ? 1 - tail : tail
    }

    /// I_x(a, b), the regularized incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0.
    static func regularizedIncompleteBeta(_ x: Double, a: Double, b: Double) -> Double {
        if x <= 0 { return 0 }
        if x >= 1 { return 1 }
        let logBeta: Double = lgamma(a) + lgamma(b) - lgamma(a + b)
        let front: Double = exp(a * log(x) + b * log(1 - x) - logBeta)
        // The continued fraction converges fast for x < (a + 1) / (a + b + 2); beyond, use I_x(a, b) = 1 − I_{1−x}(b, a).
        return x < (a + 1) / (a + b + 2)
            ? front * continuedFraction(x, a: a, b: b) / a
            : 1 - front * continuedFraction(1 - x, a: b, b: a) / b
    }

    /// The continued fraction of the incomplete beta function (Numerical Recipes, `betacf`).
    private static func continuedFraction(_ x: Double, a: Double, b: Double) -> Double {
        let tiny = 1e-300
        func guarded(_ value: Double) -> Double { abs(value) < tiny ? tiny : value }
        var c = 1.0, d = 1 / guarded(1 - (a + b) * x / (a + 1))
        var result = d
        for m in 1...1000 {
            let m = Double(m), twoM = 2 * m
            let even = m * (b - m) * x / ((a - 1 + twoM) * (a + twoM))
            d = 1 / guarded(1 + even * d)
            c = guarded(1 + even / c)
            result *= d * c
            let odd = -(a + m) * (a + b + m) * x / ((a + twoM) * (a + 1 + twoM))
            d = 1 / guarded(1 + odd * d)
            c = guarded(1 + odd / c)
            let step = d * c
            result *= step
            if abs(step - 1) < 1e-15 { break }
        }
        return result
    }
}
