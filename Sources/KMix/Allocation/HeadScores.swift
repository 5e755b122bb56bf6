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

    /// `projection`'s scores scaled to a largest value of 1, negative and non-finite scores taken as 0; all ones
    /// when no head has a positive score (no evidence: spread evenly).
    func normalized(_ projection: Projection) -> [[Double]] {
        let cleaned = values[projection].map { $0.map { $0.isFinite ? max(0, $0) : 0 } }
        let largest = cleaned.joined().max() ?? 0
        guard largest > 0 else { return cleaned.map { $0.map { _ in 1 } } }
        return cleaned.map { $0.map { $0 / largest } }
    }
}
