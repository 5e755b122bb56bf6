/// AdaLoRA's smoothed sensitivity of every adapter parameter (Zhang et al., ICLR 2023, eq. 8–10):
/// I = |θ · ∂L/∂θ|, Ī ← β₁ Ī + (1 − β₁) I, Ū ← β₂ Ū + (1 − β₂) |I − Ī|, and the score Ī · Ū. A rank's score is
/// the mean over its parameters in A and in B (the mean of each, added, as AdaLoRA scores a triplet), a head's
/// the mean of its ranks' scores.
public struct SensitivityTracker: Sendable, Equatable {
    /// The smoothing of Ī and of Ū (AdaLoRA's default 0.85 for both).
    public let beta1: Float
    public let beta2: Float
    /// Ī and Ū, one per parameter of the store the tracker was made for.
    public private(set) var mean: [Float]
    public private(set) var uncertainty: [Float]
    /// Updates so far.
    public private(set) var updates = 0

    /// A tracker for a store of `count` parameters.
    public init(count: Int, beta1: Float = 0.85, beta2: Float = 0.85) {
        self.beta1 = beta1
        self.beta2 = beta2
        mean = [Float](repeating: 0, count: count)
        uncertainty = [Float](repeating: 0, count: count)
    }

    /// A tracker carrying `mean` and `uncertainty` (after a reallocation moved them, or from a checkpoint).
    public init(mean: [Float], uncertainty: [Float], updates: Int, beta1: Float = 0.85, beta2: Float = 0.85) {
        precondition(mean.count == uncertainty.count, "Ī and Ū must have one value per parameter")
        self.init(count: mean.count, beta1: beta1, beta2: beta2)
        self.mean = mean
        self.uncertainty = uncertainty
        self.updates = updates
    }

    /// Takes one step's parameter values and gradient into the smoothed scores.
    public mutating func update(values: [Float], gradient: [Float]) {
        precondition(values.count == mean.count && gradient.count == mean.count, "the tracker does not fit the store")
        let b1 = beta1, b2 = beta2
        for i in mean.indices {
            let sensitivity = abs(values[i] * gradient[i])
            mean[i] = b1 * mean[i] + (1 - b1) * sensitivity
            uncertainty[i] = b2 * uncertainty[i] + (1 - b2) * abs(sensitivity - mean[i])
        }
        updates += 1
    }

    /// Each rank's score, by projection and layer: `rowScores[p][layer][row]` for the rows of the layer's
    /// `ProjectionLayout` (per-head rows first, then the shared rows).
    func rowScores(_ adapters: AdapterSet) -> PerProjection<[[Double]]> {
        PerProjection { projection in
            adapters.layouts.map { layout in
                let rows = layout.projections[projection].rank
                var down = [Double](repeating: 0, count: rows), up = [Double](repeating: 0, count: rows)
                var downCount = [Int](repeating: 0, count: rows), upCount = [Int](repeating: 0, count: rows)
                layout.projections[projection].forEachEntry { entry in
                    let score = Double(mean[entry.source] * uncertainty[entry.source])
                    switch entry.matrix {
                    case .down:
                        down[entry.row] += score
                        downCount[entry.row] += 1
                    case .up:
                        up[entry.row] += score
                        upCount[entry.row] += 1
                    case .bias:
                        break
                    }
                }
                return (0..<rows).map { down[$0] / Double(max(1, downCount[$0])) + up[$0] / Double(max(1, upCount[$0])) }
            }
        }
    }

    /// Each head's score: the mean of its ranks' scores (0 for a head without rank on that projection).
    public func headScores(_ adapters: AdapterSet) -> HeadScores {
        let rows = rowScores(adapters)
        return HeadScores(values: PerProjection { projection in
            adapters.layouts.indices.map { layer in
                let layout = adapters.layouts[layer].projections[projection]
                return layout.ranks.indices.map { head in
                    let r = layout.ranks[head]
                    guard r > 0 else { return 0 }
                    return rows[projection][layer][layout.offsets[head]..<(layout.offsets[head] + r)].reduce(0, +) / Double(r)
                }
            }
        })
    }
}
