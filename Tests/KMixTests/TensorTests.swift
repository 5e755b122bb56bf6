import Testing
@testable import KMix

@Suite struct TensorTests {
    @Test func gemmMatchesHandComputedProduct() {
        let a: [Float] = [1, 2, 3, 4, 5, 6]          // 2 x 3
        let b: [Float] = [7, 8, 9, 10, 11, 12]       // 3 x 2
        var c = [Float](repeating: 0, count: 4)
        a.withUnsafeBufferPointer { pa in
            b.withUnsafeBufferPointer { pb in
                c.withUnsafeMutableBufferPointer { pc in
                    BLAS.gemm(.none, .none, m: 2, n: 2, k: 3,
                              a: pa.baseAddress!, lda: 3, b: pb.baseAddress!, ldb: 2,
                              c: pc.baseAddress!, ldc: 2)
                }
            }
        }
        #expect(c == [58, 64, 139, 154])
    }
}
