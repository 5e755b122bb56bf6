import Foundation

/// AdamW with decoupled weight decay, computing exactly PyTorch's `torch.optim.AdamW` update.
public struct AdamW: Sendable, Equatable {
    /// The settings (the learning rate comes from the schedule at each step).
    public let settings: OptimizerSettings
    /// First and second moment estimates, one per parameter.
    public private(set) var firstMoment: [Float]
    public private(set) var secondMoment: [Float]
    /// Updates taken so far.
    public private(set) var step: Int
    /// Whether each parameter is decayed (biases are not).
    private let decays: [Bool]

    /// An optimiser for the tensors of `store`; tensors named `….b` or `….bias` get no weight decay.
    public init(settings: OptimizerSettings, store: ParameterStore) {
        self.settings = settings
        firstMoment = [Float](repeating: 0, count: store.count)
        secondMoment = [Float](repeating: 0, count: store.count)
        step = 0
        var decays = [Bool](repeating: true, count: store.count)
        for entry in store.entries where entry.name.hasSuffix(".b") || entry.name.hasSuffix(".bias") {
            for i in entry.range { decays[i] = false }
        }
        self.decays = decays
    }

    /// Restores a saved state (for resuming).
    public init(settings: OptimizerSettings, store: ParameterStore, step: Int, firstMoment: [Float], secondMoment: [Float]) {
        self.init(settings: settings, store: store)
        precondition(firstMoment.count == store.count && secondMoment.count == store.count, "moments do not fit the store")
        self.step = step
        self.firstMoment = firstMoment
        self.secondMoment = secondMoment
    }

    /// Applies one update with `learningRate` to `parameters` given their `gradient`.
    public mutating func update(_ parameters: inout [Float], gradient: [Float], learningRate: Float) {
        step += 1
        let b1 = settings.beta1, b2 = settings.beta2
        let correction1 = 1 - Float(pow(Double(b1), Double(step)))
        let correction2 = 1 - Float(pow(Double(b2), Double(step)))
        let stepSize = learningRate / correction1
        let rootCorrection2 = correction2.squareRoot()
        let decay = 1 - learningRate * settings.weightDecay, epsilon = settings.epsilon
        precondition(parameters.count == decays.count && gradient.count == decays.count,
                     "the parameters and the gradient must fit the optimiser's store")
        // One branch-free pass over raw storage, so that the loop vectorises (× 1 leaves a value unchanged).
        parameters.withUnsafeMutableBufferPointer { p in
            firstMoment.withUnsafeMutableBufferPointer { m in
                secondMoment.withUnsafeMutableBufferPointer { v in
                    gradient.withUnsafeBufferPointer { g in
                        decays.withUnsafeBufferPointer { decays in
                            for i in 0..<p.count {
                                let gi = g[i]
                                m[i] = b1 * m[i] + (1 - b1) * gi
                                v[i] = b2 * v[i] + (1 - b2) * gi * gi
                                let denominator = v[i].squareRoot() / rootCorrection2 + epsilon
                                p[i] = p[i] * (decays[i] ? decay : 1) - stepSize * m[i] / denominator
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Gradient clipping by global norm, as `torch.nn.utils.clip_grad_norm_` does it.
public enum GradientClipping {
    /// Scales `gradient` so that its L2 norm is at most `maxNorm`; returns the norm before clipping.
    @discardableResult
    public static func clip(_ gradient: inout [Float], maxNorm: Float?) -> Float {
        let norm = Float(gradient.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot())
        if let maxNorm, norm > maxNorm {
            let scale = maxNorm / (norm + 1e-6)
            for i in gradient.indices { gradient[i] *= scale }
        }
        return norm
    }
}
