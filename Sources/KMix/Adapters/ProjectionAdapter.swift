/// One projection's Kernel-mix adapters (Q, V or O) arranged as two products.
///
/// The per-head (kernel-wise) update and the shared update of a projection add
/// to the same output, so their low-rank activations sit side by side (`rows x
/// rank`, per-head columns first) and one up-product adds both:
/// `out += low · up (+ bias)`. `down` holds the first factors, one row per
/// rank: the per-head A's (for V and O block-structured: head h's rows read
/// only head h's columns), then the shared A. `up` holds the second factors
/// transposed (Bᵀ) in the same row order, so that both the forward product and
/// the low-rank gradient `dOut · upᵀ` are long, thin products OpenBLAS runs
/// through its general kernels (its small-matrix kernel allocates for some
/// thin shapes). The matrices are allocated once, refilled from the parameter
/// values before each pass, and their gradients scattered back to the store.
struct ProjectionAdapter: Sendable {
    /// Width of the inputs and of the output (d).
    let width: Int
    /// Sum of the per-head ranks, and the shared rank.
    let kernelRank: Int
    let sharedRank: Int
    /// The factor on the shared term, folded into the shared rows of `down`
    /// (so the forward product and the input gradient carry it); the shared
    /// A's gradient is multiplied by it once more.
    let sharedScale: Float
    /// `rank x d`: per-head A's, then the shared A.
    private(set) var down: [Float]
    /// `rank x d`: the B's transposed, in the rows of `down`.
    private(set) var up: [Float]
    /// The per-head biases as one `d` vector (zero for heads of rank 0), or
    /// the output bias; empty without per-head ranks.
    private(set) var bias: [Float]
    private let downEntries: EntryMap
    private let upEntries: EntryMap
    private let biasEntries: EntryMap

    /// Rows of `down` and `up`.
    var rank: Int { kernelRank + sharedRank }

    /// The adapters of projection `p` in `layout`, or nil when it has none.
    init?(_ p: Projection, layout: LayerLayout, hiddenSize d: Int, headSize dh: Int) {
        let kernelRank = layout.totalRank[p]!, sharedRank = layout.sharedRank[p]!
        guard kernelRank + sharedRank > 0 else { return nil }
        width = d
        self.kernelRank = kernelRank
        self.sharedRank = sharedRank
        sharedScale = layout.sharedScale[p]!
        var down = EntryMap(), up = EntryMap(), bias = EntryMap()
        let ranks = layout.ranks[p]!, offsets = layout.rankOffsets[p]!, start = layout.stackedA[p]!.lowerBound
        for (head, r) in ranks.enumerated() where r > 0 {
            for i in offsets[head]..<(offsets[head] + r) {
                if p == .query {
                    for j in 0..<d { down.add(i * d + j, from: start + i * d + j) }
                } else {
                    for j in 0..<dh { down.add(i * d + head * dh + j, from: start + i * dh + j) }
                }
            }
        }
        if p == .output {
            if let b = layout.outputB {
                for i in 0..<d { for j in 0..<kernelRank { up.add(j * d + i, from: b.lowerBound + i * kernelRank + j) } }
            }
            if let b = layout.outputBias { for i in 0..<d { bias.add(i, from: b.lowerBound + i) } }
        } else {
            for (head, range) in layout.headB[p]!.enumerated() {
                guard let range else { continue }
                let r = ranks[head]
                for i in 0..<dh {
                    for j in 0..<r { up.add((offsets[head] + j) * d + head * dh + i, from: range.lowerBound + i * r + j) }
                }
            }
            for (head, range) in layout.headBias[p]!.enumerated() {
                guard let range else { continue }
                for i in 0..<dh { bias.add(head * dh + i, from: range.lowerBound + i) }
            }
        }
        if let a = layout.sharedA[p], let b = layout.sharedB[p] {
            for i in 0..<sharedRank {
                for j in 0..<d { down.add((kernelRank + i) * d + j, from: a.lowerBound + i * d + j) }
            }
            for i in 0..<d {
                for j in 0..<sharedRank { up.add((kernelRank + j) * d + i, from: b.lowerBound + i * sharedRank + j) }
            }
        }
        self.down = [Float](repeating: 0, count: (kernelRank + sharedRank) * d)
        self.up = [Float](repeating: 0, count: (kernelRank + sharedRank) * d)
        self.bias = [Float](repeating: 0, count: kernelRank > 0 ? d : 0)
        downEntries = down
        upEntries = up
        biasEntries = bias
    }

    /// Copies the current parameter values into the matrices (the zeros outside the blocks stay), the
    /// shared A scaled by `sharedScale`.
    mutating func refill(from values: UnsafePointer<Float>) {
        downEntries.gather(values, into: &down)
        if sharedScale != 1 {
            for i in (kernelRank * width)..<down.count { down[i] *= sharedScale }
        }
        upEntries.gather(values, into: &up)
        biasEntries.gather(values, into: &bias)
    }

    /// Adds the gradients of `down`, `up` (both `rank x d`) and `bias` (`d`, when the
    /// projection has one) to the parameters' gradients.
    func scatter(down: UnsafePointer<Float>, up: UnsafePointer<Float>, bias: UnsafePointer<Float>?,
                 into gradients: UnsafeMutablePointer<Float>) {
        downEntries.scatter(down, into: gradients)
        upEntries.scatter(up, into: gradients)
        if let bias { biasEntries.scatter(bias, into: gradients) }
    }
}
