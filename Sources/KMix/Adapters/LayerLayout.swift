/// Where one layer's adapter tensors live in the parameter store.
///
/// The per-head A factors of a projection are stored one after another in head
/// order, so that together they form one stacked matrix (rows of head h start
/// at `rankOffsets[p][h]`) that a single product can use without copying.
struct LayerLayout: Sendable, Equatable {
    /// Per-head ranks, by projection.
    let ranks: [Projection: [Int]]
    /// Index of each head's first row in the stacked A of its projection.
    let rankOffsets: [Projection: [Int]]
    /// Sum of the per-head ranks, by projection.
    let totalRank: [Projection: Int]
    /// Shared ranks, by projection.
    let sharedRank: [Projection: Int]
    /// The stacked per-head A factors (`R x d` for q, `R x dh` for v and o).
    let stackedA: [Projection: Range<Int>]
    /// Each head's B (`dh x r`) for q and v; nil for heads of rank 0.
    let headB: [Projection: [Range<Int>?]]
    /// Each head's bias (`dh`) for q and v; nil for heads of rank 0.
    let headBias: [Projection: [Range<Int>?]]
    /// The layer's output B (`d x R_o`) and bias (`d`), when any head has an O rank.
    let outputB: Range<Int>?
    let outputBias: Range<Int>?
    /// Shared A (`s x d`) and B (`d x s`), when the shared rank is not 0.
    let sharedA: [Projection: Range<Int>]
    let sharedB: [Projection: Range<Int>]
    /// The factor on each shared term (`AdapterPlan.sharedScale`; 1 without a shared rank).
    let sharedScale: [Projection: Float]

    /// Whether the layer has any adapter at all.
    var isAdapted: Bool {
        Projection.allCases.contains { (totalRank[$0] ?? 0) > 0 || (sharedRank[$0] ?? 0) > 0 }
    }

    /// Appends layer `index`'s tensors of `plan` to `store`, in the order described above.
    init(layer index: Int, plan: AdapterPlan, store: inout ParameterStore) {
        let d = plan.shape.hiddenSize, dh = plan.shape.headSize, heads = plan.shape.headCount
        let budget = plan.layers[index]
        let prefix = "layers.\(index)."
        var ranks: [Projection: [Int]] = [:], offsets: [Projection: [Int]] = [:], totals: [Projection: Int] = [:]
        var stackedA: [Projection: Range<Int>] = [:], headB: [Projection: [Range<Int>?]] = [:]
        var headBias: [Projection: [Range<Int>?]] = [:]
        var sharedA: [Projection: Range<Int>] = [:], sharedB: [Projection: Range<Int>] = [:]
        var outputB: Range<Int>?, outputBias: Range<Int>?
        for projection in Projection.allCases {
            let p = prefix + projection.rawValue
            let r = budget.ranks(projection)
            ranks[projection] = r
            var running = 0
            offsets[projection] = r.map { rank in defer { running += rank }; return running }
            totals[projection] = running
            let start = store.count
            for head in 0..<heads where r[head] > 0 {
                store.append("\(p).heads.\(head).A", shape: [r[head], projection == .query ? d : dh])
            }
            stackedA[projection] = start..<store.count
            if projection == .output {
                if running > 0 {
                    outputB = store.append("\(p).B", shape: [d, running])
                    outputBias = store.append("\(p).b", shape: [d])
                }
            } else {
                headB[projection] = (0..<heads).map { r[$0] > 0 ? store.append("\(p).heads.\($0).B", shape: [dh, r[$0]]) : nil }
                headBias[projection] = (0..<heads).map { r[$0] > 0 ? store.append("\(p).heads.\($0).b", shape: [dh]) : nil }
            }
            let s = budget.sharedRank(projection)
            if s > 0 {
                sharedA[projection] = store.append("\(p).shared.A", shape: [s, d])
                sharedB[projection] = store.append("\(p).shared.B", shape: [d, s])
            }
        }
        self.ranks = ranks
        rankOffsets = offsets
        totalRank = totals
        sharedRank = Dictionary(uniqueKeysWithValues: Projection.allCases.map { ($0, budget.sharedRank($0)) })
        self.stackedA = stackedA
        self.headB = headB
        self.headBias = headBias
        self.outputB = outputB
        self.outputBias = outputBias
        self.sharedA = sharedA
        self.sharedB = sharedB
        sharedScale = Dictionary(uniqueKeysWithValues: Projection.allCases.map { projection in
            let rank = budget.sharedRank(projection)
            return (projection, rank > 0 ? plan.sharedScale(rank: rank) : 1)
        })
    }
}
