/// One projection's Kernel-mix adapters (Q, V or O) as the matrices of `ProjectionLayout`: `down` and `up`
/// (`rank x d`) and `bias` (d), so that the forward pass is two products, `low = x · downᵀ` (one per input, into
/// its columns of `low`) and `out += low · up (+ bias)`.
///
/// `up` holds the second factors transposed (Bᵀ), so that both the forward product and the low-rank gradient
/// `dOut · upᵀ` are long, thin products OpenBLAS runs through its general kernels (its small-matrix kernel
/// allocates for some thin shapes). The matrices are allocated once, refilled from the parameter values before
/// each pass, and their gradients scattered back to the store, through entry maps read off the layout; the
/// zeros outside the blocks stay zero.
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

    /// The adapters `layout` describes, or nil when the projection has none.
    init?(_ layout: ProjectionLayout) {
        guard layout.isAdapted else { return nil }
        let d = layout.width
        width = d
        kernelRank = layout.kernelRank
        sharedRank = layout.sharedRank
        sharedScale = layout.sharedScale
        var down = EntryMap(), up = EntryMap(), bias = EntryMap()
        layout.forEachEntry { entry in
            switch entry.matrix {
            case .down: down.add(entry.row * d + entry.column, from: entry.source)
            case .up: up.add(entry.row * d + entry.column, from: entry.source)
            case .bias: bias.add(entry.column, from: entry.source)
            }
        }
        self.down = [Float](repeating: 0, count: layout.rank * d)
        self.up = [Float](repeating: 0, count: layout.rank * d)
        self.bias = [Float](repeating: 0, count: layout.kernelRank > 0 ? d : 0)
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
