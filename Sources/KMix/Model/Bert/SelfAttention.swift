/// Multi-head scaled dot-product attention over packed sequences.
enum SelfAttention {
    /// Computes every head's `softmax(q kᵀ/√dh) v` for every sequence of `batch`.
    ///
    /// - Parameters:
    ///   - qkv: `tokens x 3d`, each row the token's query, key and value.
    ///   - context: receives `tokens x d`, head h in columns `h·dh ..< (h+1)·dh`.
    ///
    /// The (sequence, head) pairs are independent small products: they are
    /// spread over the cores, longest sequences first, with single-threaded BLAS.
    static func apply(qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>,
                      batch: PackedBatch, headCount: Int, headSize: Int) {
        let d = headCount * headSize, stride = 3 * d
        let maxLength = batch.maxLength
        let scale = 1 / Float(headSize).squareRoot()
        let order = batch.lengths.indices.sorted { batch.lengths[$0] > batch.lengths[$1] }
        let items = order.flatMap { sequence in (0..<headCount).map { (sequence, $0) } }
        let workers = min(ThreadPolicy.coreCount, items.count)
        var scratch = [Float](repeating: 0, count: max(1, workers) * maxLength * maxLength)
        let lengths = batch.lengths, offsets = batch.offsets
        scratch.withUnsafeMutableBufferPointer { scratchBuffer in
            let scores = SharedPointer(scratchBuffer.baseAddress!)
            let input = SharedPointer(qkv), output = SharedPointer(context)
            ThreadPolicy.forEachWorker(workers) { worker in
                let probabilities = scores.base + worker * maxLength * maxLength
                for item in Swift.stride(from: worker, to: items.count, by: workers) {
                    let (sequence, head) = items[item]
                    let length = lengths[sequence], row = offsets[sequence]
                    let query = input.base + row * stride + head * headSize
                    BLAS.gemm(.none, .transposed, m: length, n: length, k: headSize, alpha: scale,
                              a: query, lda: stride, b: query + d, ldb: stride,
                              c: probabilities, ldc: length)
                    Softmax.rows(probabilities, rows: length, width: length, stride: length)
                    BLAS.gemm(.none, .none, m: length, n: headSize, k: length,
                              a: probabilities, lda: length, b: query + 2 * d, ldb: stride,
                              c: output.base + row * d + head * headSize, ldc: d)
                }
            }
        }
    }
}
