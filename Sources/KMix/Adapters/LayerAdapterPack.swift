/// One layer's adapters arranged for few, larger products: one
/// `ProjectionAdapter` per adapted projection.
///
/// Done literally, Kernel-mix is two tiny products per head and projection.
/// Here each projection's per-head and shared factors form block-structured
/// matrices, so each projection's adapters are two products over all heads
/// and both kinds (plus one per input for the gradients); the zeros cost
/// little because the ranks are small. The matrices are allocated once and
/// refilled from the parameter values before each pass (`refill`).
struct LayerAdapterPack: Sendable {
    /// The Q, V and O adapters (nil for a projection without any).
    private(set) var query: ProjectionAdapter?
    private(set) var value: ProjectionAdapter?
    private(set) var output: ProjectionAdapter?

    /// Zero matrices of the layout's shapes; `refill` puts the values in.
    init(layout: LayerLayout, hiddenSize d: Int, headSize dh: Int) {
        query = ProjectionAdapter(.query, layout: layout, hiddenSize: d, headSize: dh)
        value = ProjectionAdapter(.value, layout: layout, hiddenSize: d, headSize: dh)
        output = ProjectionAdapter(.output, layout: layout, hiddenSize: d, headSize: dh)
    }

    /// Copies the current parameter values into the matrices.
    mutating func refill(from values: UnsafePointer<Float>) {
        query?.refill(from: values)
        value?.refill(from: values)
        output?.refill(from: values)
    }
}
