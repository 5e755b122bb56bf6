/// Multi-head scaled dot-product attention over packed sequences, one
/// (sequence, head) pair at a time (parallelism comes from the caller's
/// sequence groups, see `ThreadPolicy`).
///
/// The probabilities of every pair are saved one after another: sequence by
/// sequence, head by head, each an `L x L` block (`probabilityCount` floats in all).
enum SelfAttention {
    /// Floats the saved probabilities of `batch` take: `Σ heads · L²`.
    static func probabilityCount(_ batch: PackedBatch, headCount: Int) -> Int {
        batch.lengths.reduce(0) { $0 + headCount * $1 * $1 }
    }

    /// Computes every head's `dropout(softmax(q kᵀ/√dh)) v` for every sequence of `batch`.
    ///
    /// - Parameters:
    ///   - qkv: `tokens x 3d`, each row the token's query, key and value.
    ///   - context: receives `tokens x d`, head h in columns `h·dh ..< (h+1)·dh`.
    ///   - probabilities: receives each pair's probabilities (before dropout), in the saved layout.
    ///   - keep: attention dropout in the same layout.
    ///   - scratch: room for the longest sequence's dropped probabilities.
    ///   - causal: each token attends only to itself and the tokens before it (GPT-2): the probabilities of
    ///     later tokens are 0, so the backward pass needs no change.
    static func apply(qkv: UnsafePointer<Float>, context: UnsafeMutablePointer<Float>,
                      batch: PackedBatch, headCount: Int, headSize: Int, causal: Bool = false,
                      probabilities: UnsafeMutablePointer<Float>, keep mask: MaskBuffer, scratch: ReusableBuffer<Float>) {
        let d = headCount * headSize, stride = 3 * d
        let scale = 1 / Float(headSize).squareRoot()
        let keep = mask.kept, keepScale = mask.scale
        let dropped = keep == nil ? nil : scratch.reserve(batch.maxLength * batch.maxLength)
        var place = 0
        for sequence in 0..<batch.count {
            let length = batch.lengths[sequence], row = batch.offsets[sequence]
            for head in 0..<headCount {
                let query = qkv + row * stride + head * headSize
                let p = probabilities + place
                BLAS.gemm(.none, .transposed, m: length, n: length, k: headSize, alpha: scale,
                          a: query, lda: stride, b: query + d, ldb: stride, c: p, ldc: length)
                if causal {
                    for r in 0..<length {
                        Softmax.rows(p + r * length, rows: 1, width: r + 1, stride: length)
                        (p + r * length + r + 1).update(repeating: 0, count: length - r - 1)
                    }
                } else {
                    Softmax.rows(p, rows: length, width: length, stride: length)
                }
                var weights = UnsafePointer(p)
                if let keep, let dropped {
                    let f = keep + place
                    for i in 0..<(length * length) { dropped[i] = p[i] * (Float(f[i]) * keepScale) }
                    weights = UnsafePointer(dropped)
                }
                BLAS.gemm(.none, .none, m: length, n: headSize, k: length,
                          a: weights, lda: length, b: query + 2 * d, ldb: stride,
                          c: context + row * d + head * headSize, ldc: d)
                place += length * length
            }
        }
    }

    /// Back-propagates the context's gradient to the queries, keys and values.
    ///
    /// - Parameters:
    ///   - contextGradient: `tokens x d`.
    ///   - qkv: the forward pass's `tokens x 3d` (adapted q, k, adapted v).
    ///   - probabilities, keep: what `apply` saved.
    ///   - qkvGradient: receives `tokens x 3d` (every element is written, the keys' only with `keyGradient`).
    ///   - keyGradient: whether the keys' gradient is needed (only for the layer's input gradient).
    ///   - scratch: room for two `L x L` blocks of the longest sequence.
    static func backward(contextGradient: UnsafePointer<Float>, qkv: UnsafePointer<Float>,
                         probabilities: UnsafePointer<Float>, keep mask: MaskBuffer,
                         qkvGradient: UnsafeMutablePointer<Float>, keyGradient: Bool,
                         batch: PackedBatch, headCount: Int, headSize: Int, scratch: ReusableBuffer<Float>) {
        let d = headCount * headSize, stride = 3 * d
        let maxLength = batch.maxLength
        let scale = 1 / Float(headSize).squareRoot()
        let keep = mask.kept, keepScale = mask.scale
        let dWeights = scratch.reserve(2 * maxLength * maxLength), weights = dWeights + maxLength * maxLength
        var place = 0
        for sequence in 0..<batch.count {
            let length = batch.lengths[sequence], row = batch.offsets[sequence], square = length * length
            for head in 0..<headCount {
                let p = probabilities + place
                let query = qkv + row * stride + head * headSize
                let dQuery = qkvGradient + row * stride + head * headSize
                let dOut = contextGradient + row * d + head * headSize
                var used = p
                if let keep {
                    let f = keep + place
                    for i in 0..<square { weights[i] = p[i] * (Float(f[i]) * keepScale) }
                    used = UnsafePointer(weights)
                }
                BLAS.gemm(.none, .transposed, m: length, n: length, k: headSize,
                          a: dOut, lda: d, b: query + 2 * d, ldb: stride, c: dWeights, ldc: length)
                BLAS.gemm(.transposed, .none, m: length, n: headSize, k: length,
                          a: used, lda: length, b: dOut, ldb: d, c: dQuery + 2 * d, ldc: stride)
                if let keep {
                    let f = keep + place
                    for i in 0..<square { dWeights[i] *= Float(f[i]) * keepScale }
                }
                for r in 0..<length {
                    let pr = p + r * length, gr = dWeights + r * length
                    let dot = Reduction.dot(pr, gr, count: length)
                    for c in 0..<length { gr[c] = pr[c] * (gr[c] - dot) }
                }
                BLAS.gemm(.none, .none, m: length, n: headSize, k: length, alpha: scale,
                          a: dWeights, lda: length, b: query + d, ldb: stride, c: dQuery, ldc: stride)
                if keyGradient {
                    BLAS.gemm(.transposed, .none, m: length, n: headSize, k: length, alpha: scale,
                              a: dWeights, lda: length, b: query, ldb: stride, c: dQuery + d, ldc: stride)
                }
                place += square
            }
        }
    }
}
