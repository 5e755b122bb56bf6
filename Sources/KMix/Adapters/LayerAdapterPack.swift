/// One layer's adapters arranged for few, larger products.
///
/// Per-head factors become block-structured matrices: the query's B factors
/// form a block-diagonal `d x R_q` matrix (head h's block at rows h·dh,
/// columns of its ranks), and the value's and output's A factors a `R x d`
/// matrix whose head-h rows read only head h's columns. Each adapter path is
/// then two products over all heads instead of two per head; the zeros cost
/// little because the ranks are small. Gradients of these matrices are
/// scattered back to the per-head tensors by `scatter…`.
struct LayerAdapterPack {
    let layout: LayerLayout
    let hiddenSize: Int
    let headSize: Int
    /// Block-diagonal `d x R_q`.
    var queryB: [Float]
    /// Per-head query biases as one `d` vector (zero for heads of rank 0).
    var queryBias: [Float]
    /// Block-structured `R_v x d`.
    var valueA: [Float]
    /// Block-diagonal `d x R_v`.
    var valueB: [Float]
    /// Per-head value biases as one `d` vector.
    var valueBias: [Float]
    /// Block-structured `R_o x d`.
    var outputA: [Float]

    /// Assembles the matrices from the parameter values.
    init(layout: LayerLayout, values: [Float], hiddenSize d: Int, headSize dh: Int) {
        self.layout = layout
        hiddenSize = d
        headSize = dh
        let rq = layout.totalRank[.query]!, rv = layout.totalRank[.value]!, ro = layout.totalRank[.output]!
        queryB = [Float](repeating: 0, count: d * rq)
        valueB = [Float](repeating: 0, count: d * rv)
        valueA = [Float](repeating: 0, count: rv * d)
        outputA = [Float](repeating: 0, count: ro * d)
        queryBias = [Float](repeating: 0, count: d)
        valueBias = [Float](repeating: 0, count: d)
        Self.placeBlocks(.query, layout: layout, values: values, d: d, dh: dh, into: &queryB, bias: &queryBias)
        Self.placeBlocks(.value, layout: layout, values: values, d: d, dh: dh, into: &valueB, bias: &valueBias)
        Self.placeRowBlocks(.value, layout: layout, values: values, d: d, dh: dh, into: &valueA)
        Self.placeRowBlocks(.output, layout: layout, values: values, d: d, dh: dh, into: &outputA)
    }

    /// Copies each head's B (`dh x r`) into the block-diagonal `d x R` matrix, and its bias into the `d` vector.
    private static func placeBlocks(_ p: Projection, layout: LayerLayout, values: [Float], d: Int, dh: Int,
                                    into matrix: inout [Float], bias: inout [Float]) {
        let total = layout.totalRank[p]!
        for (head, range) in layout.headB[p]!.enumerated() {
            guard let range else { continue }
            let r = layout.ranks[p]![head], column = layout.rankOffsets[p]![head]
            for i in 0..<dh {
                for j in 0..<r { matrix[(head * dh + i) * total + column + j] = values[range.lowerBound + i * r + j] }
            }
            let biasRange = layout.headBias[p]![head]!
            for i in 0..<dh { bias[head * dh + i] = values[biasRange.lowerBound + i] }
        }
    }

    /// Copies each head's A (`r x dh`) into rows of the `R x d` matrix, at the head's columns.
    private static func placeRowBlocks(_ p: Projection, layout: LayerLayout, values: [Float], d: Int, dh: Int,
                                       into matrix: inout [Float]) {
        let start = layout.stackedA[p]!.lowerBound
        for (head, r) in layout.ranks[p]!.enumerated() where r > 0 {
            let row = layout.rankOffsets[p]![head]
            for i in 0..<r {
                for j in 0..<dh { matrix[(row + i) * d + head * dh + j] = values[start + (row + i) * dh + j] }
            }
        }
    }

    /// Adds the gradient of a block-diagonal `d x R` matrix and of its bias
    /// vector to the per-head B and bias gradients.
    func scatterBlocks(_ p: Projection, matrix: [Float], bias: [Float], into gradients: inout [Float]) {
        let total = layout.totalRank[p]!, dh = headSize
        for (head, range) in layout.headB[p]!.enumerated() {
            guard let range else { continue }
            let r = layout.ranks[p]![head], column = layout.rankOffsets[p]![head]
            for i in 0..<dh {
                for j in 0..<r { gradients[range.lowerBound + i * r + j] += matrix[(head * dh + i) * total + column + j] }
            }
            let biasRange = layout.headBias[p]![head]!
            for i in 0..<dh { gradients[biasRange.lowerBound + i] += bias[head * dh + i] }
        }
    }

    /// Adds the gradient of a block-structured `R x d` matrix to the per-head A gradients.
    func scatterRowBlocks(_ p: Projection, matrix: [Float], into gradients: inout [Float]) {
        let start = layout.stackedA[p]!.lowerBound, d = hiddenSize, dh = headSize
        for (head, r) in layout.ranks[p]!.enumerated() where r > 0 {
            let row = layout.rankOffsets[p]![head]
            for i in 0..<r {
                for j in 0..<dh { gradients[start + (row + i) * dh + j] += matrix[(row + i) * d + head * dh + j] }
            }
        }
    }
}
