/// Where one projection's Kernel-mix adapters of one layer live, and how they pack into matrices: the one
/// description of the adapter layout that the packed products (`ProjectionAdapter`), the per-head norms
/// (`AdapterSet.headNorms`) and the exported LoRA factors (`AdapterSet.loraFactors`) are all read from.
///
/// The adapter of projection p adds `low · up (+ bias)` to the projection's output, where
/// `low = [x_k · downₖᵀ | x_s · downₛᵀ]` (`docs/kernel-mix.md`):
///
/// - `down` (`rank x d`) holds the first factors, one row per rank: head h's A_h in rows
///   `offsets[h] ..< offsets[h] + r_h`, reading the input columns `inputColumns(of: h)` (all d for Q; head h's
///   dh columns of the key for V, of the heads' outputs for O), then the shared A in the last `sharedRank` rows,
///   reading all d columns of the shared input.
/// - `up` (`rank x d`) holds the second factors transposed, in the same rows: for Q and V head h's B_h writes
///   the output columns `outputColumns(of: h)` (its dh columns); for O the layer's B (d × Σ r_h) writes all d;
///   the shared B writes all d.
/// - `bias` (d): each Q or V head's b_h in its dh columns, or O's layer bias over all d.
struct ProjectionLayout: Sendable, Equatable {
    /// Which packed matrix an entry belongs to.
    enum Matrix: Sendable, Equatable {
        case down, up, bias
    }

    /// One scalar of the adapters: its place in a packed matrix and its index in the parameter store.
    struct Entry: Sendable, Equatable {
        let matrix: Matrix
        /// The row (a rank; 0 for `bias`) and column (an input column of `down`, an output column of `up` and
        /// `bias`).
        let row: Int
        let column: Int
        /// Index in `ParameterStore.values`.
        let source: Int
        /// The head the scalar belongs to; nil for the shared term and for O's layer-wide bias.
        let head: Int?
        /// Whether it belongs to the shared (LoRA) term.
        let isShared: Bool
    }

    let projection: Projection
    /// Hidden width d and head width dh.
    let width: Int
    let headSize: Int
    /// Per-head ranks r_h, and the first row of each head's block.
    let ranks: [Int]
    let offsets: [Int]
    /// Σ_h r_h, and the shared rank s.
    let kernelRank: Int
    let sharedRank: Int
    /// The factor on the shared term (`AdapterPlan.sharedScale`; 1 without a shared rank).
    let sharedScale: Float
    /// Each head's A (`r_h x d` for Q, `r_h x dh` for V and O), stored one after another in head order; nil for
    /// heads of rank 0.
    let headA: [Range<Int>?]
    /// Q and V: each head's B (`dh x r_h`) and bias (dh); nil for heads of rank 0 and for O.
    let headB: [Range<Int>?]
    let headBias: [Range<Int>?]
    /// O: the layer's B (`d x Σ_h r_h`, columns in head order) and bias (d), when any head has an O rank.
    let layerB: Range<Int>?
    let layerBias: Range<Int>?
    /// The shared A (`s x d`) and B (`d x s`), when s is not 0.
    let sharedA: Range<Int>?
    let sharedB: Range<Int>?

    /// Rows of `down` and `up`.
    var rank: Int { kernelRank + sharedRank }

    /// Whether the projection has any adapter.
    var isAdapted: Bool { rank > 0 }

    /// The columns of the per-head input that head `head`'s A reads.
    func inputColumns(of head: Int) -> Range<Int> {
        projection == .query ? 0..<width : (head * headSize)..<((head + 1) * headSize)
    }

    /// The output columns head `head`'s B writes (O: the layer's B writes every column).
    func outputColumns(of head: Int) -> Range<Int> {
        projection == .output ? 0..<width : (head * headSize)..<((head + 1) * headSize)
    }

    /// The head whose block holds rank row `row` (nil for the shared rows).
    func head(ofRow row: Int) -> Int? {
        guard row < kernelRank else { return nil }
        return ranks.indices.last { offsets[$0] <= row && ranks[$0] > 0 }
    }

    /// Appends projection `projection`'s tensors of layer `budget` to `store` (names `prefix.q.heads.3.A`, …), in
    /// the order checkpoints have always used: the heads' A, then O's B and b or the heads' B, then the heads'
    /// biases, then the shared A and B.
    init(_ projection: Projection, budget: AdapterPlan.LayerBudget, prefix: String, shape: AdapterPlan.ModelShape,
         sharedScale: Float, store: inout ParameterStore) {
        let d = shape.hiddenSize, dh = shape.headSize, r = budget.ranks(projection)
        let p = prefix + projection.rawValue
        self.projection = projection
        width = d
        headSize = dh
        ranks = r
        var running = 0
        offsets = r.map { rank in defer { running += rank }; return running }
        kernelRank = running
        headA = r.indices.map { r[$0] > 0 ? store.append("\(p).heads.\($0).A", shape: [r[$0], projection == .query ? d : dh]) : nil }
        if projection == .output {
            layerB = running > 0 ? store.append("\(p).B", shape: [d, running]) : nil
            layerBias = running > 0 ? store.append("\(p).b", shape: [d]) : nil
            headB = r.map { _ in nil }
            headBias = r.map { _ in nil }
        } else {
            layerB = nil
            layerBias = nil
            headB = r.indices.map { r[$0] > 0 ? store.append("\(p).heads.\($0).B", shape: [dh, r[$0]]) : nil }
            headBias = r.indices.map { r[$0] > 0 ? store.append("\(p).heads.\($0).b", shape: [dh]) : nil }
        }
        let s = budget.sharedRank(projection)
        sharedRank = s
        sharedA = s > 0 ? store.append("\(p).shared.A", shape: [s, d]) : nil
        sharedB = s > 0 ? store.append("\(p).shared.B", shape: [d, s]) : nil
        self.sharedScale = s > 0 ? sharedScale : 1
    }

    /// Calls `body` with every scalar of the projection's adapters, each with its place in the packed matrices.
    func forEachEntry(_ body: (Entry) -> Void) {
        for (head, a) in headA.enumerated() {
            guard let a else { continue }
            let columns = inputColumns(of: head), r = ranks[head]
            for i in 0..<r {
                for (j, column) in columns.enumerated() {
                    body(Entry(matrix: .down, row: offsets[head] + i, column: column, source: a.lowerBound + i * columns.count + j,
                               head: head, isShared: false))
                }
            }
            if let b = headB[head], let bias = headBias[head] {
                for (i, column) in outputColumns(of: head).enumerated() {
                    for k in 0..<r {
                        body(Entry(matrix: .up, row: offsets[head] + k, column: column, source: b.lowerBound + i * r + k,
                                   head: head, isShared: false))
                    }
                    body(Entry(matrix: .bias, row: 0, column: column, source: bias.lowerBound + i, head: head, isShared: false))
                }
            }
        }
        if let b = layerB, let bias = layerBias {
            for column in 0..<width {
                for k in 0..<kernelRank {
                    body(Entry(matrix: .up, row: k, column: column, source: b.lowerBound + column * kernelRank + k,
                               head: head(ofRow: k), isShared: false))
                }
                body(Entry(matrix: .bias, row: 0, column: column, source: bias.lowerBound + column, head: nil, isShared: false))
            }
        }
        if let a = sharedA, let b = sharedB {
            for i in 0..<sharedRank {
                for column in 0..<width {
                    body(Entry(matrix: .down, row: kernelRank + i, column: column, source: a.lowerBound + i * width + column,
                               head: nil, isShared: true))
                }
            }
            for column in 0..<width {
                for k in 0..<sharedRank {
                    body(Entry(matrix: .up, row: kernelRank + k, column: column, source: b.lowerBound + column * sharedRank + k,
                               head: nil, isShared: true))
                }
            }
        }
    }
}
