/// Causal multi-head attention of one new position over a sequence's cached keys and values: the last row of what
/// `SelfAttention.apply` computes for the whole sequence, in the same order of operations
/// (`softmax(q kᵀ/√dh) v` per head, the products through `BLAS.gemm`).
enum CachedAttention {
    /// Writes the new position's `d` head outputs to `context`.
    ///
    /// - Parameters:
    ///   - query: the position's query (`d` values, head h at `h·dh`).
    ///   - cache: the sequence's cache, holding the new position's key and value at `positions - 1`.
    ///   - positions: the positions attended (all before the new one, and itself).
    ///   - scores: room for `positions` values.
    static func apply(query: UnsafePointer<Float>, cache: KVCache, layer: Int, positions: Int,
                      headCount: Int, headSize: Int, scores: UnsafeMutablePointer<Float>,
                      context: UnsafeMutablePointer<Float>) {
        let d = headCount * headSize, scale = 1 / Float(headSize).squareRoot()
        let keys = cache.keys(layer), values = cache.values(layer)
        for head in 0..<headCount {
            let offset = head * headSize
            BLAS.gemm(.none, .transposed, m: 1, n: positions, k: headSize, alpha: scale,
                      a: query + offset, lda: d, b: keys + offset, ldb: d, c: scores, ldc: positions)
            Softmax.rows(scores, rows: 1, width: positions, stride: positions)
            BLAS.gemm(.none, .none, m: 1, n: headSize, k: positions,
                      a: scores, lda: positions, b: values + offset, ldb: d, c: context + offset, ldc: d)
        }
    }
}
