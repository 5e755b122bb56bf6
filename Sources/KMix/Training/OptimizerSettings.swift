/// AdamW, schedule and clipping settings.
public struct OptimizerSettings: Sendable, Equatable {
    /// Peak learning rate, reached at the end of warm-up.
    public var learningRate: Float
    /// AdamW's β₁ and β₂.
    public var beta1: Float
    public var beta2: Float
    /// AdamW's ε.
    public var epsilon: Float
    /// Decoupled weight decay (not applied to biases).
    public var weightDecay: Float
    /// Share of the steps spent warming up linearly from 0.
    public var warmupFraction: Float
    /// Gradients are scaled down to this global L2 norm when larger (nil: no clipping).
    public var clipNorm: Float?

    /// Settings with the Kernel-mix authors' NLU defaults for everything but `learningRate`.
    public init(learningRate: Float = 2e-4, beta1: Float = 0.9, beta2: Float = 0.98, epsilon: Float = 1e-6,
                weightDecay: Float = 0.1, warmupFraction: Float = 0.06, clipNorm: Float? = 1) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
        self.warmupFraction = warmupFraction
        self.clipNorm = clipNorm
    }

    /// The authors' GLUE settings: AdamW (0.9, 0.98), ε 1e-6, weight decay 0.1,
    /// learning rate 2e-4, 6 % linear warm-up then linear decay, clipping at norm 1.
    public static let paperNLU = OptimizerSettings()
}
