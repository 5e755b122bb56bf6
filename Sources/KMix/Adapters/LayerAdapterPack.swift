/// One layer's adapters arranged for few, larger products: one `ProjectionAdapter` per adapted projection.
///
/// Done literally, Kernel-mix is two tiny products per head and projection. Here each projection's per-head
/// and shared factors form block-structured matrices (`ProjectionLayout`), so each projection's forward pass
/// is three products over all heads and both kinds of term (the per-head and the shared down-products, each on
/// its own input, then one up-product); the zeros cost little because the ranks are small. The matrices are
/// allocated once and refilled from the parameter values before each pass (`refill`).
struct LayerAdapterPack: Sendable {
    /// The Q, V and O adapters (nil for a projection without any).
    private(set) var query: ProjectionAdapter?
    private(set) var value: ProjectionAdapter?
    private(set) var output: ProjectionAdapter?

    /// Zero matrices of the layout's shapes; `refill` puts the values in.
    init(layout: LayerLayout) {
        query = ProjectionAdapter(layout.projections.query)
        value = ProjectionAdapter(layout.projections.value)
        output = ProjectionAdapter(layout.projections.output)
    }

    /// Copies the current parameter values into the matrices.
    mutating func refill(from values: UnsafePointer<Float>) {
        query?.refill(from: values)
        value?.refill(from: values)
        output?.refill(from: values)
    }
}
