/// A dense layer `y = x Wᵀ + b` with a weight stored `out x in`, as Hugging Face stores it.
public enum Linear {
    /// Writes `x Wᵀ (+ b)` for `rows` rows of `inputs` values into `output` (`rows x out`).
    public static func apply(_ x: UnsafePointer<Float>, rows: Int, inputs: Int,
                             weight: Tensor, bias: Tensor?, into output: UnsafeMutablePointer<Float>) {
        let outputs = weight.rows
        precondition(weight.columns == inputs, "weight \(weight.shape) does not take \(inputs) inputs")
        weight.scalars.withUnsafeBufferPointer { w in
            BLAS.gemm(.none, .transposed, m: rows, n: outputs, k: inputs,
                      a: x, lda: inputs, b: w.baseAddress!, ldb: inputs, c: output, ldc: outputs)
        }
        if let bias {
            bias.scalars.withUnsafeBufferPointer { b in
                Elementwise.addBias(output, rows: rows, width: outputs, bias: b.baseAddress!)
            }
        }
    }

    /// `apply` for a few rows (a decoding step): one matrix-vector product per row, each reading the weight as it is
    /// stored, where `gemm` would first copy the whole weight into its packed layout for every call.
    public static func applyPerRow(_ x: UnsafePointer<Float>, rows: Int, inputs: Int,
                                   weight: Tensor, bias: Tensor?, into output: UnsafeMutablePointer<Float>) {
        let outputs = weight.rows
        weight.scalars.withUnsafeBufferPointer { w in
            for row in 0..<rows {
                BLAS.gemv(.none, m: outputs, n: inputs, a: w.baseAddress!, lda: inputs, x: x + row * inputs,
                          y: output + row * outputs)
            }
        }
        if let bias {
            bias.scalars.withUnsafeBufferPointer { b in
                Elementwise.addBias(output, rows: rows, width: outputs, bias: b.baseAddress!)
            }
        }
    }
}
