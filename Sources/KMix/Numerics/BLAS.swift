import COpenBLAS

/// Whether a matrix operand of a product is read as stored or transposed.
public enum Transpose: Sendable {
    case none
    case transposed

    @usableFromInline var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

/// Matrix products through OpenBLAS's `cblas_sgemm` (row-major).
///
/// Every matrix product in kmix goes through here, so that one place decides
/// how products are called and counted.
public enum BLAS {
    /// `C = alpha * op(A) * op(B) + beta * C` on raw row-major storage.
    ///
    /// `op(A)` is `m x k`, `op(B)` is `k x n`, `C` is `m x n`; the leading
    /// dimensions are the row strides of the matrices as stored.
    @inlinable
    public static func gemm(
        _ transA: Transpose, _ transB: Transpose,
        m: Int, n: Int, k: Int,
        alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int,
        b: UnsafePointer<Float>, ldb: Int,
        beta: Float = 0,
        c: UnsafeMutablePointer<Float>, ldc: Int
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemm(CblasRowMajor, transA.cblas, transB.cblas,
                    Int32(m), Int32(n), Int32(k),
                    alpha, a, Int32(lda), b, Int32(ldb),
                    beta, c, Int32(ldc))
    }

    /// `y = alpha * op(A) * x + beta * y` on raw row-major storage: `A` is stored `m x n` (row stride `lda`), `x` and
    /// `y` are contiguous. A matrix-vector product reads `A` once as it is stored; `gemm` with one row packs it first.
    @inlinable
    public static func gemv(
        _ transA: Transpose, m: Int, n: Int, alpha: Float = 1,
        a: UnsafePointer<Float>, lda: Int, x: UnsafePointer<Float>, beta: Float = 0, y: UnsafeMutablePointer<Float>
    ) {
        guard m > 0, n > 0 else { return }
        cblas_sgemv(CblasRowMajor, transA.cblas, Int32(m), Int32(n), alpha, a, Int32(lda), x, 1, beta, y, 1)
    }
}
