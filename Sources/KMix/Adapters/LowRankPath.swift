/// A low-rank update `out += (drop(x) Aᵀ) Bᵀ (+ b)` and its backward pass.
///
/// Every Kernel-mix adapter is one of these: the per-head Q, V and O adapters
/// (with block-structured A or B, see `LayerAdapterPack`) and the shared
/// updates. The path keeps its dropout mask and low-rank activation; its
/// input stays with the layer pass (the layer input, the keys or the heads'
/// outputs, each shared by several paths) and is handed to `backward`.
struct LowRankPath {
    /// Rows (tokens).
    let rows: Int
    /// Width of the input x.
    let inputWidth: Int
    /// The rank R (rows of A, columns of B).
    let rank: Int
    /// Width of the output block the update adds to.
    let outputWidth: Int
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
        var low = [Float](repeating: 0, count: rows * rank)
        Self.withDropped(x, stride: xStride, rows: rows, width: inputWidth, keep: keep) { input, stride in
            low.withUnsafeMutableBufferPointer { lowBuffer in
                BLAS.gemm(.none, .transposed, m: rows, n: rank, k: inputWidth,
                          a: input, lda: stride, b: a, ldb: inputWidth, c: lowBuffer.baseAddress!, ldc: rank)
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
        self.low = low
    }

    /// Calls `body` with `drop(x)` and its row stride: `x` itself without dropout,
    /// else a contiguous copy with the mask applied.
    private static func withDropped<Result>(
        _ x: UnsafePointer<Float>, stride: Int, rows: Int, width: Int, keep: DropoutMask,
        _ body: (UnsafePointer<Float>, Int) -> Result
    ) -> Result {
        guard !keep.isEmpty else { return body(x, stride) }
        var dropped = [Float](repeating: 0, count: rows * width)
        return dropped.withUnsafeMutableBufferPointer { buffer in
            let target = buffer.baseAddress!
            for row in 0..<rows {
                let source = x + row * stride
                for i in 0..<width { target[row * width + i] = source[i] * keep.factor(row * width + i) }
            }
            return body(target, width)
        }
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

    /// Back-propagates `outputGradient` (row stride `stride`) given the forward
    /// pass's input `x` (row stride `xStride`): returns the gradients of A, B and
    /// the bias, and adds the input's gradient to `inputGradient` (row stride
    /// `inputStride`) when it is given.
    func backward(outputGradient: UnsafePointer<Float>, stride: Int, x: UnsafePointer<Float>, xStride: Int,
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
            Self.withDropped(x, stride: xStride, rows: rows, width: inputWidth, keep: keep) { input, inputRowStride in
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
                                  a: dLow.baseAddress!, lda: rank, b: input, ldb: inputRowStride,
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
