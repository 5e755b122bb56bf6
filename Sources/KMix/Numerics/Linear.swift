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
}
