/// Linear warm-up from 0 to the peak rate, then linear decay to 0 at the last step
/// (Hugging Face's `get_linear_schedule_with_warmup`).
public struct LearningRateSchedule: Sendable, Equatable {
    /// The rate at the end of warm-up.
    public let peak: Float
    /// Steps of warm-up.
    public let warmupSteps: Int
    /// Steps in the whole run.
    public let totalSteps: Int

    /// A schedule over `totalSteps` with `warmupFraction` of them (rounded up) warming up.
    public init(peak: Float, totalSteps: Int, warmupFraction: Float) {
        self.peak = peak
        self.totalSteps = max(1, totalSteps)
        warmupSteps = Int((Double(warmupFraction) * Double(self.totalSteps)).rounded(.up))
    }

    /// The rate for the update numbered `step` (0 for the first update).
    public func rate(at step: Int) -> Float {
        if step < warmupSteps { return peak * Float(step) / Float(max(1, warmupSteps)) }
        return peak * max(0, Float(totalSteps - step) / Float(max(1, totalSteps - warmupSteps)))
    }
}
