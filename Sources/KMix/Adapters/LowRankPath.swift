/// A low-rank update `out += (drop(x) Aᵀ) Bᵀ (+ b)` and its backward pass.
///
/// Every Kernel-mix adapter is one of these: the per-head Q, V and O adapters
/// (with block-structured A or B, see `LayerAdapterPack`) and the shared
/// updates. The path keeps what its backward pass needs.
struct LowRankPath {
    /// Rows (tokens).
    let rows: Int
    /// Width of the input x.
    let inputWidth: Int
    /// The rank R (rows of A, columns of B).
    let rank: Int
    /// Width of the output block the update adds to.
    let outputWidth: Int
    /// The input after dropout, `rows x inputWidth`, contiguous.
    var input: [Float]
    /// The dropout applied to the input.
    var keep: DropoutMask
    /// `drop(x) Aᵀ`, `rows x rank`.
    var low: [Float]

    /// Runs the update. `x` has row stride `xStride`; `output` has row stride `outputStride`.
    init(x: UnsafePointer<Float>, xStride: Int, rows: Int, inputWidth: Int,
         a: UnsafePointer<Float>, b: UnsafePointer<Float>, rank: Int, bias: UnsafePointer<Float>?,
         output: UnsafeMutablePointer<Float>, outputStride: Int, outputWidth: Int, keep: DropoutMask) {
        self.rows = rows
        self.inputWidth = inputWidth
        self.rank = rank
        self.outputWidth = outputWidth
        self.keep = keep
        var input = [Float](repeating: 0, count: rows * inputWidth)
        for row in 0..<rows {
            let source = x + row * xStride, target = row * inputWidth
            if keep.isEmpty {
                for i in 0..<inputWidth { input[target + i] = source[i] }
            } else {
                for i in 0..<inputWidth { input[target + i] = source[i] * keep.factor(target + i) }
            }
        }
        var low = [Float](repeating: 0, count: rows * rank)
        input.withUnsafeBufferPointer { inputBuffer in
            low.withUnsafeMutableBufferPointer { lowBuffer in
                BLAS.gemm(.none, .transposed, m: rows, n: rank, k: inputWidth,
                          a: inputBuffer.baseAddress!, lda: inputWidth, b: a, ldb: inputWidth,
                          c: lowBuffer.baseAddress!, ldc: rank)
                BLAS.gemm(.none, .transposed, m: rows, n: outputWidth, k: rank,
                          a: lowBuffer.baseAddress!, lda: rank, b: b, ldb: rank,
                          beta: 1, c: output, ldc: outputStride)
            }
        }
        if let bias {
            for row in 0..<rows {
                let target = output + row * outputStride
                for i in 0..<outputWidth { target[i] += bias[i] }
            }
        }
        self.input = input
        self.low = low
    }

    /// Gradients of one backward pass through the path.
    struct Gradients {
        /// dL/dA, `rank x inputWidth`.
        var a: [Float]
        /// dL/dB, `outputWidth x rank`.
        var b: [Float]
        /// dL/d(bias), `outputWidth`.
        var bias: [Float]
    }

    /// Back-propagates `outputGradient` (row stride `stride`): returns the
    /// gradients of A, B and the bias, and adds the input's gradient to
    /// `inputGradient` (row stride `inputStride`) when it is given.
    func backward(outputGradient: UnsafePointer<Float>, stride: Int,
                  a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                  inputGradient: UnsafeMutablePointer<Float>?, inputStride: Int) -> Gradients {
        var gradients = Gradients(a: [Float](repeating: 0, count: rank * inputWidth),
                                  b: [Float](repeating: 0, count: outputWidth * rank),
                                  bias: [Float](repeating: 0, count: outputWidth))
        for row in 0..<rows {
            let source = outputGradient + row * stride
            for i in 0..<outputWidth { gradients.bias[i] += source[i] }
        }
        var lowGradient = [Float](repeating: 0, count: rows * rank)
        low.withUnsafeBufferPointer { lowBuffer in
            input.withUnsafeBufferPointer { inputBuffer in
                lowGradient.withUnsafeMutableBufferPointer { dLow in
                    gradients.b.withUnsafeMutableBufferPointer { dB in
                        BLAS.gemm(.transposed, .none, m: outputWidth, n: rank, k: rows,
                                  a: outputGradient, lda: stride, b: lowBuffer.baseAddress!, ldb: rank,
                                  c: dB.baseAddress!, ldc: rank)
                    }
                    BLAS.gemm(.none, .none, m: rows, n: rank, k: outputWidth,
                              a: outputGradient, lda: stride, b: b, ldb: rank,
                              c: dLow.baseAddress!, ldc: rank)
                    gradients.a.withUnsafeMutableBufferPointer { dA in
                        BLAS.gemm(.transposed, .none, m: rank, n: inputWidth, k: rows,
                                  a: dLow.baseAddress!, lda: rank, b: inputBuffer.baseAddress!, ldb: inputWidth,
                                  c: dA.baseAddress!, ldc: inputWidth)
                    }
                    guard let inputGradient else { return }
                    if keep.isEmpty {
                        BLAS.gemm(.none, .none, m: rows, n: inputWidth, k: rank,
                                  a: dLow.baseAddress!, lda: rank, b: a, ldb: inputWidth,
                                  beta: 1, c: inputGradient, ldc: inputStride)
                    } else {
                        var dropped = [Float](repeating: 0, count: rows * inputWidth)
                        dropped.withUnsafeMutableBufferPointer { d in
                            BLAS.gemm(.none, .none, m: rows, n: inputWidth, k: rank,
                                      a: dLow.baseAddress!, lda: rank, b: a, ldb: inputWidth,
                                      c: d.baseAddress!, ldc: inputWidth)
                        }
                        for row in 0..<rows {
                            let target = inputGradient + row * inputStride, base = row * inputWidth
                            for i in 0..<inputWidth { target[i] += dropped[base + i] * keep.factor(base + i) }
                        }
                    }
                }
            }
        }
        return gradients
    }
}
