/// A setting of `OptimizerSettings` that cannot train: which one, and why, for the front end to name in its own words.
public struct OptimizerSettingsProblem: Error, Sendable, Equatable, CustomStringConvertible {
    /// The settings a problem can concern.
    public enum Setting: String, Sendable, CaseIterable {
        case learningRate, beta1, beta2, epsilon, weightDecay, warmupFraction, clipNorm
    }

    /// The setting at fault.
    public var setting: Setting
    /// What is wrong with its value, e.g. "must be a positive finite number, not inf".
    public var reason: String

    public var description: String {
        let name = switch setting {
        case .learningRate: "the learning rate"
        case .beta1: "beta1"
        case .beta2: "beta2"
        case .epsilon: "epsilon"
        case .weightDecay: "the weight decay"
        case .warmupFraction: "the warm-up share"
        case .clipNorm: "the clip norm"
        }
        return "\(name) \(reason)"
    }
}

extension OptimizerSettings {
    /// The first setting that cannot train, or nil when all can: every value finite, the learning rate and ε
    /// positive, β₁ and β₂ in [0, 1), the warm-up share in [0, 1], weight decay and clip norm not negative, and the
    /// decay per step (learning rate × weight decay) below 1, since a larger one flips or zeroes every weight.
    public var problem: OptimizerSettingsProblem? {
        func fault(_ setting: OptimizerSettingsProblem.Setting, _ reason: String) -> OptimizerSettingsProblem {
            OptimizerSettingsProblem(setting: setting, reason: reason)
        }
        if !(learningRate.isFinite && learningRate > 0) {
            return fault(.learningRate, "must be a positive finite number, not \(learningRate)")
        }
        for (setting, beta) in [(OptimizerSettingsProblem.Setting.beta1, beta1), (.beta2, beta2)]
            where !(beta >= 0 && beta < 1) {
            return fault(setting, "must be in [0, 1), not \(beta)")
        }
        if !(epsilon.isFinite && epsilon > 0) {
            return fault(.epsilon, "must be a positive finite number, not \(epsilon)")
        }
        if !(weightDecay.isFinite && weightDecay >= 0) {
            return fault(.weightDecay, "must be a finite number of at least 0, not \(weightDecay)")
        }
        if !(Double(learningRate) * Double(weightDecay) < 1) {
            return fault(.weightDecay, "times the learning rate is \(Double(learningRate) * Double(weightDecay)); "
                + "it must stay below 1, or each step flips or zeroes every weight")
        }
        if !(warmupFraction >= 0 && warmupFraction <= 1) {
            return fault(.warmupFraction, "must be between 0 and 1, not \(warmupFraction)")
        }
        if let clipNorm, !(clipNorm.isFinite && clipNorm > 0) {
            return fault(.clipNorm, "must be a positive finite number, not \(clipNorm)")
        }
        return nil
    }
}
