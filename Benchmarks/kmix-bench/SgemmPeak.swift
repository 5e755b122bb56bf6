import Foundation
import KMix

/// The sgemm speed this machine reaches on the model's largest product shape,
/// run the way kmix runs products: rows split over workers, single-threaded OpenBLAS in each.
struct SgemmPeak {
    let gflops: Double
    let shape: String
    let repeats: Int

    /// Times `2048 x 384` by `384 x 1536` (the feed-forward expansion of 2048 tokens), best of 10.
    static func measure(threads: Int, m: Int = 2048, n: Int = 1536, k: Int = 384) -> SgemmPeak {
        let a = (0..<(m * k)).map { Float($0 % 7) * 0.01 }
        let b = (0..<(n * k)).map { Float($0 % 5) * 0.01 }
        var c = [Float](repeating: 0, count: m * n)
        var best = Double.infinity
        let repeats = 10
        let rowsPerWorker = (m + threads - 1) / threads
        for _ in 0...repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            a.withUnsafeBufferPointer { pa in
                b.withUnsafeBufferPointer { pb in
                    c.withUnsafeMutableBufferPointer { pc in
                        let left = SharedPointer(UnsafeMutablePointer(mutating: pa.baseAddress!))
                        let right = SharedPointer(UnsafeMutablePointer(mutating: pb.baseAddress!))
                        let out = SharedPointer(pc.baseAddress!)
                        ThreadPolicy.forEachWorker(threads) { worker in
                            let first = worker * rowsPerWorker, rows = min(rowsPerWorker, m - first)
                            BLAS.gemm(.none, .transposed, m: rows, n: n, k: k, a: left.base + first * k, lda: k,
                                      b: right.base, ldb: k, c: out.base + first * n, ldc: n)
                        }
                    }
                }
            }
            best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
        }
        return SgemmPeak(gflops: 2 * Double(m * n * k) / best / 1e9,
                         shape: "\(m)x\(k) by \(k)x\(n), rows over \(threads) workers", repeats: repeats)
    }
}
