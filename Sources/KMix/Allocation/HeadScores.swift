/// The evidence an allocation distributes rank by: a score for every head of every layer, per projection
/// (`layers x heads` each). Higher means "give this head more rank".
public struct HeadScores: Sendable, Equatable {
    public var values: PerProjection<[[Double]]>

    /// Scores per projection.
    public init(values: PerProjection<[[Double]]>) {
        self.values = values
    }

    /// The same per-head scores for all three projections (signals measured per head, such as importance).
    public init(perHead: [[Double]]) {
        values = PerProjection(query: perHead, value: perHead, output: perHead)
    }

    /// Equal scores for every head: the budget spread evenly.
    public static func uniform(_ shape: AdapterPlan.ModelShape) -> HeadScores {
        HeadScores(perHead: Array(repeating: Array(repeating: 1, count: shape.headCount), count: shape.layerCount))
    }

    /// The scores with each layer scaled to unit ℓ2 norm over its heads, per projection (as Michel et al. normalise
    /// importance: gradients, and so sensitivities, of the last layers are much larger); a layer without a positive
    /// score stays as it is.
    public func layerNormalized() -> HeadScores {
        HeadScores(values: values.map { layers in
            layers.map { layer in
                let norm = layer.reduce(0) { $0 + $1 * $1 }.squareRoot()
                return norm > 0 ? layer.map { $0 / norm } : layer
            }
        })
    }

    /// `projection`'s scores scaled to a largest value of 1, negative and non-finite scores taken as 0; all ones
    /// when no head has a positive score (no evidence: spread evenly).
    func normalized(_ projection: Projection) -> [[Double]] {
        let cleaned = values[projection].map { $0.map { $0.isFinite ? max(0, $0) : 0 } }
        let largest = cleaned.joined().max() ?? 0
        guard largest > 0 else { return cleaned.map { $0.map { _ in 1 } } }
        return cleaned.map { $0.map { $0 / largest } }
    }
}
