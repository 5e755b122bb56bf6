import Foundation

/// Maps values in `lower…upper` to pixel positions and chooses round tick values.
public struct ChartScale: Sendable, Equatable {
    public let lower: Double
    public let upper: Double

    /// A scale over `lower…upper`; an empty range is widened so that it can be drawn.
    public init(lower: Double, upper: Double) {
        if upper > lower {
            self.lower = lower
            self.upper = upper
        } else {
            let pad = lower == 0 ? 1 : abs(lower) * 0.1
            self.lower = lower - pad
            self.upper = lower + pad
        }
    }

    /// The scale covering `values`, padded by 5 % of the span when `padded`.
    public static func covering(_ values: [Double], padded: Bool = false) -> ChartScale {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return ChartScale(lower: 0, upper: 1) }
        let pad = padded ? (high - low) * 0.05 : 0
        return ChartScale(lower: low - pad, upper: high + pad)
    }

    /// The pixel of `value` among `pixels`, 0 at `lower`, clamped.
    public func pixel(_ value: Double, pixels: Int) -> Int {
        guard pixels > 1 else { return 0 }
        let fraction = (value - lower) / (upper - lower)
        return min(max(0, Int((fraction * Double(pixels - 1)).rounded())), pixels - 1)
    }

    /// The fraction (0…1) of the range at `value`, clamped.
    public func fraction(_ value: Double) -> Double {
        min(max(0, (value - lower) / (upper - lower)), 1)
    }

    /// Round values inside the range, about `count` of them, on a 1-2-2.5-5 step (the ends when none fits);
    /// with `integers`, whole numbers only: the step is at least 1 and never 2.5.
    public func ticks(count: Int, integers: Bool = false) -> [Double] {
        guard count > 1 else { return [lower] }
        let raw = integers ? max(1, (upper - lower) / Double(count)) : (upper - lower) / Double(count)
        let exponent = Int(floor(log10(raw)))
        let power = pow(10, Double(abs(exponent)))
        let unit = exponent < 0 ? 1 / power : power
        let multiples: [Double] = integers && exponent == 0 ? [1, 2, 5, 10] : [1, 2, 2.5, 5, 10]
        let multiple = multiples.first { $0 * unit >= raw } ?? 10
        let step = multiple * unit
        let first = Int((lower / step - 1e-9).rounded(.up)), last = Int((upper / step + 1e-9).rounded(.down))
        guard first <= last else { return [lower, upper] }
        return (first...last).map { index in
            let units = Double(index) * multiple
            return exponent < 0 ? units / power : units * power
        }
    }
}
