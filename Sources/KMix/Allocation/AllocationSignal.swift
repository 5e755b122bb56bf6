/// The evidence `kmix plan auto` allocates per-head ranks by.
public enum AllocationSignal: String, Sendable, CaseIterable {
    /// Every head alike: the budget spread evenly (the baseline).
    case uniform
    /// Michel et al.'s (2019) gradient importance of each head (`HeadProbe`, each layer scaled to unit norm).
    case importance
    /// AdaLoRA's smoothed sensitivity |θ · ∂L/∂θ| of each head's adapter parameters over a short warm-up
    /// (`SensitivityTracker`), per projection, each layer scaled to unit norm as importance is.
    case sensitivity
    /// Attention entropy, low-entropy (focused) heads first: a head's score is exp(−entropy in nats).
    case entropy
}
