/// A layer pass's state for one projection's adapters (see `ProjectionAdapter`):
/// the dropout masks of its two inputs and its low-rank activation, in buffers
/// reused from pass to pass, and the forward and backward products.
///
/// Forward: `low[:, per-head] = drop(x_k) Aₖᵀ`, `low[:, shared] = drop(x_s) Aₛᵀ`,
/// then `out += low · up + bias`. Each input's dropout is its own (the
/// adapters' inputs are dropped separately); the layer pass draws the masks,
/// in a fixed order across projections.
final class ProjectionPath {
    /// One input of the path: its rows (row stride `stride`), and where its
    /// gradient is added in the backward pass (same stride; nil when not needed).
    struct Operand {
        let values: UnsafePointer<Float>
        let stride: Int
        var gradient: UnsafeMutablePointer<Float>? = nil
    }

    /// Rows (tokens) of the last forward pass.
    private(set) var rows = 0
    /// Whether the path ran in the last forward pass.
    private(set) var isActive = false
    /// Dropout on the per-head adapters' input and on the shared adapter's input.
    let kernelKeep = MaskBuffer()
    let sharedKeep = MaskBuffer()
    /// The low-rank activation, `rows x rank`.
    private let low = ReusableBuffer<Float>()

    /// Marks the path as not run (a layer pass without adapters).
    func deactivate() { isActive = false }

    /// Adds the adapters' update to `output` (row stride `outputStride`), with the
    /// masks already drawn for the parts the adapter has.
    func forward(_ adapter: ProjectionAdapter, kernel: Operand, shared: Operand,
                 output: UnsafeMutablePointer<Float>, outputStride: Int, rows: Int, scratch: AdapterScratch) {
        self.rows = rows
        isActive = true
        let rank = adapter.rank, d = adapter.width
        let low = self.low.reserve(rows * rank)
        adapter.down.withUnsafeBufferPointer { down in
            if adapter.kernelRank > 0 {
                downProduct(kernel, keep: kernelKeep, a: down.baseAddress!, count: adapter.kernelRank,
                            into: low, rank: rank, width: d, scratch: scratch)
            }
            if adapter.sharedRank > 0 {
                downProduct(shared, keep: sharedKeep, a: down.baseAddress! + adapter.kernelRank * d,
                            count: adapter.sharedRank, into: low + adapter.kernelRank, rank: rank, width: d,
                            scratch: scratch)
            }
        }
        adapter.up.withUnsafeBufferPointer { up in
            BLAS.gemm(.none, .none, m: rows, n: d, k: rank, a: low, lda: rank, b: up.baseAddress!, ldb: d,
                      beta: 1, c: output, ldc: outputStride)
        }
        guard adapter.kernelRank > 0 else { return }
        adapter.bias.withUnsafeBufferPointer { bias in
            Elementwise.addBias(output, rows: rows, width: d, stride: outputStride, bias: bias.baseAddress!)
        }
    }

    /// Back-propagates `outputGradient` (row stride `stride`): adds the adapters'
    /// parameter gradients to `gradients` and each input's gradient to its `Operand.gradient`.
    func backward(_ adapter: ProjectionAdapter, outputGradient: UnsafePointer<Float>, stride: Int,
                  kernel: Operand, shared: Operand, gradients: UnsafeMutablePointer<Float>, scratch: AdapterScratch) {
        let rank = adapter.rank, d = adapter.width
        let low = UnsafePointer(self.low.pointer)
        let dLow = scratch.lowGradient.reserve(rows * rank)
        let dDown = scratch.down.reserve(rank * d), dUp = scratch.up.reserve(rank * d)
        var dBias: UnsafeMutablePointer<Float>?
        if adapter.kernelRank > 0 {
            let sums = scratch.bias.zeroed(d)
            for row in 0..<rows {
                let source = outputGradient + row * stride
                for i in 0..<d { sums[i] += source[i] }
            }
            dBias = sums
        }
        BLAS.gemm(.transposed, .none, m: rank, n: d, k: rows,
                  a: low, lda: rank, b: outputGradient, ldb: stride, c: dUp, ldc: d)
        adapter.up.withUnsafeBufferPointer { up in
            BLAS.gemm(.none, .transposed, m: rows, n: rank, k: d,
                      a: outputGradient, lda: stride, b: up.baseAddress!, ldb: d, c: dLow, ldc: rank)
        }
        adapter.down.withUnsafeBufferPointer { down in
            if adapter.kernelRank > 0 {
                backwardPart(kernel, keep: kernelKeep, a: down.baseAddress!, count: adapter.kernelRank, scale: 1,
                             lowGradient: dLow, rank: rank, width: d, into: dDown, scratch: scratch)
            }
            if adapter.sharedRank > 0 {
                let first = adapter.kernelRank
                backwardPart(shared, keep: sharedKeep, a: down.baseAddress! + first * d, count: adapter.sharedRank,
                             scale: adapter.sharedScale, lowGradient: dLow + first, rank: rank, width: d, into: dDown + first * d, scratch: scratch)
            }
        }
        adapter.scatter(down: dDown, up: dUp, bias: dBias, into: gradients)
    }

    /// `low[:, part] = drop(x) aᵀ` for one part's `count` rows of A (`low` has row stride `rank`).
    private func downProduct(_ input: Operand, keep: MaskBuffer, a: UnsafePointer<Float>, count: Int,
                             into low: UnsafeMutablePointer<Float>, rank: Int, width d: Int, scratch: AdapterScratch) {
        let (x, stride) = dropped(input, keep: keep, width: d, into: scratch.dropped)
        BLAS.gemm(.none, .transposed, m: rows, n: count, k: d, a: x, lda: stride, b: a, ldb: d, c: low, ldc: rank)
    }

    /// One part's gradients: `dA = scale · dLow[:, part]ᵀ drop(x)` into `downGradient` (`a`, the
    /// packed rows, already carries `scale`), and the input's gradient `(dLow[:, part] a) ⊙ keep`
    /// added to `input.gradient` when wanted.
    private func backwardPart(_ input: Operand, keep: MaskBuffer, a: UnsafePointer<Float>, count: Int, scale: Float,
                              lowGradient dLow: UnsafePointer<Float>, rank: Int, width d: Int,
                              into downGradient: UnsafeMutablePointer<Float>, scratch: AdapterScratch) {
        let (x, xStride) = dropped(input, keep: keep, width: d, into: scratch.dropped)
        BLAS.gemm(.transposed, .none, m: count, n: d, k: rows, alpha: scale,
                  a: dLow, lda: rank, b: x, ldb: xStride, c: downGradient, ldc: d)
        guard let target = input.gradient else { return }
        guard let kept = keep.kept else {
            BLAS.gemm(.none, .none, m: rows, n: d, k: count, a: dLow, lda: rank, b: a, ldb: d,
                      beta: 1, c: target, ldc: input.stride)
            return
        }
        let product = scratch.inputGradient.reserve(rows * d), scale = keep.scale
        BLAS.gemm(.none, .none, m: rows, n: d, k: count, a: dLow, lda: rank, b: a, ldb: d, c: product, ldc: d)
        for row in 0..<rows {
            let out = target + row * input.stride, source = product + row * d, flags = kept + row * d
            for i in 0..<d { out[i] += source[i] * (Float(flags[i]) * scale) }
        }
    }

    /// `drop(x)` and its row stride: the input itself without dropout, else a
    /// contiguous copy with the mask applied, in `buffer`.
    private func dropped(_ input: Operand, keep: MaskBuffer, width: Int,
                         into buffer: ReusableBuffer<Float>) -> (UnsafePointer<Float>, Int) {
        guard let kept = keep.kept else { return (input.values, input.stride) }
        let target = buffer.reserve(rows * width), scale = keep.scale
        for row in 0..<rows {
            let source = input.values + row * input.stride, flags = kept + row * width, out = target + row * width
            for i in 0..<width { out[i] = source[i] * (Float(flags[i]) * scale) }
        }
        return (UnsafePointer(target), width)
    }
}
