import Foundation

/// The count, mean and sample standard deviation of some values, and the t interval of their mean.
public struct SampleSummary: Sendable, Equatable {
    /// How many values.
    public let count: Int
    /// Their mean (nil: no values).
    public let mean: Double?
    /// Their sample standard deviation, with n − 1 in the denominator (nil: fewer than two values).
    public let standardDeviation: Double?

    /// The summary of `values`.
    public init(_ values: [Double]) {
        count = values.count
        guard !values.isEmpty else {
            mean = nil
            standardDeviation = nil
            return
        }
        let mean = values.reduce(0, +) / Double(values.count)
        self.mean = mean
        standardDeviation = values.count < 2 ? nil
            : (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1)).squareRoot()
    }

    /// The two-sided t interval of the mean at `level` (0.95: 95 %): mean ± t((1 + level) / 2, n − 1) · sd / √n, with
    /// the t factor; nil with fewer than two values.
    public func tInterval(level: Double = 0.95) -> (low: Double, high: Double, t: Double)? {
        guard count >= 2, let mean, let standardDeviation else { return nil }
        let t = StudentT.quantile((1 + level) / 2, degreesOfFreedom: count - 1)
        let half = t * standardDeviation / Double(count).squareRoot()
        return (mean - half, mean + half, t)
    }
}
