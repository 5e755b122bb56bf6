/// Where one layer's adapter tensors live in the parameter store: a `ProjectionLayout` for each projection.
struct LayerLayout: Sendable, Equatable {
    let projections: PerProjection<ProjectionLayout>

    /// Whether the layer has any adapter at all.
    var isAdapted: Bool { projections.all.contains { $0.isAdapted } }

    /// Appends layer `index`'s tensors of `plan` to `store`, projection by projection (Q, V, O).
    init(layer index: Int, plan: AdapterPlan, store: inout ParameterStore) {
        let budget = plan.layers[index]
        projections = PerProjection { projection in
            let shared = budget.sharedRank(projection)
            return ProjectionLayout(projection, budget: budget, prefix: "layers.\(index).", shape: plan.shape,
                                    sharedScale: shared > 0 ? plan.sharedScale(rank: shared) : 1, store: &store)
        }
    }
}
