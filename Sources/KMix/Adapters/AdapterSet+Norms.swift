extension AdapterSet {
    /// The L2 norm of each head's own tensors (`ProjectionLayout.Entry.head`): its A, B and bias for Q and V,
    /// and for O its A and the columns of the layer's B that read it.
    public func headNorms(step: Int) -> HeadNorms {
        let values = store.values, heads = plan.shape.headCount
        let norms = PerProjection { projection in
            layouts.map { layout in
                var squares = [Float](repeating: 0, count: heads)
                layout.projections[projection].forEachEntry { entry in
                    guard let head = entry.head else { return }
                    squares[head] += values[entry.source] * values[entry.source]
                }
                return squares.map { $0.squareRoot() }
            }
        }
        return HeadNorms(step: step, query: norms.query, value: norms.value, output: norms.output)
    }
}
