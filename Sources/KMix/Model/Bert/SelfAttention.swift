/// Multi-head scaled dot-product attention over packed sequences, one
/// (sequence, head) pair at a time (parallelism comes from the caller's
/// sequence groups, see `ThreadPolicy`).
enum SelfAttention {
    /// Where each (sequence, head) pair's `L x L` probabilities start in a saved buffer.
    struct ProbabilityLayout {
        /// Offset of sequence s's first head's block.
        let sequenceOffsets: [Int]
        /// Total floats.
        let count: Int

        init(batch: PackedBatch, headCount: Int) {
            var running = 0
            sequenceOffsets = batch.lengths.map { length in
                defer { running += headCount * length * length }
                return running
            }
            count = running
        }

        func offset(sequence: Int, head: Int, length: Int) -> Int {
            sequenceOffsets[sequence] + head * length * length
        }
    }

    /// Computes every head's `dropout(softmax(q kᵀ/√dh)) v` for every sequence of `batch`.
    ///
    /// - Parameters:
    ///   - qkv: `tokens x 3d`, each row the token's query, key and value.
    ///   - context: receives `tokens x d`, head h in columns `h·dh ..< (h+1)·dh`.
    ///   - probabilities: receives each pair's probabilities (before dropout), laid out by `ProbabilityLayout`.
    ///   - keep: attention dropout in the same layout.
    static func apply(qkv: UnsafePointer<Float>, context: UnsafeMutablePointer<Float>,
                      batch: PackedBatch, headCount: Int, headSize: Int,
                      probabilities: UnsafeMutablePointer<Float>, keep mask: DropoutMask) {
        let d = headCount * headSize, stride = 3 * d
        let scale = 1 / Float(headSize).squareRoot()
        let layout = ProbabilityLayout(batch: batch, headCount: headCount)
        var dropped = [Float](repeating: 0, count: mask.isEmpty ? 0 : batch.maxLength * batch.maxLength)
        let keepScale = mask.scale
        mask.withKept { keep in dropped.withUnsafeMutableBufferPointer { droppedBuffer in
            for sequence in 0..<batch.count {
                let length = batch.lengths[sequence], row = batch.offsets[sequence]
                for head in 0..<headCount {
                    let query = qkv + row * stride + head * headSize
                    let place = layout.offset(sequence: sequence, head: head, length: length)
                    let p = probabilities + place
                    BLAS.gemm(.none, .transposed, m: length, n: length, k: headSize, alpha: scale,
                              a: query, lda: stride, b: query + d, ldb: stride, c: p, ldc: length)
                    Softmax.rows(p, rows: length, width: length, stride: length)
                    var weights = UnsafePointer(p)
                    if let keep {
                        let f = keep + place, w = droppedBuffer.baseAddress!
                        for i in 0..<(length * length) { w[i] = p[i] * (Float(f[i]) * keepScale) }
                        weights = UnsafePointer(w)
                    }
                    BLAS.gemm(.none, .none, m: length, n: headSize, k: length,
                              a: weights, lda: length, b: query + 2 * d, ldb: stride,
                              c: context + row * d + head * headSize, ldc: d)
                }
            }
        } }
    }

    /// Back-propagates the context's gradient to the queries, keys and values.
    ///
    /// - Parameters:
    ///   - contextGradient: `tokens x d`.
    ///   - qkv: the forward pass's `tokens x 3d` (adapted q, k, adapted v).
    ///   - probabilities, keep: what `apply` saved.
    ///   - qkvGradient: receives `tokens x 3d` (every element is written).
    static func backward(contextGradient: UnsafePointer<Float>, qkv: UnsafePointer<Float>,
                         probabilities: UnsafePointer<Float>, keep mask: DropoutMask,
                         qkvGradient: UnsafeMutablePointer<Float>,
                         batch: PackedBatch, headCount: Int, headSize: Int) {
        let d = headCount * headSize, stride = 3 * d
        let maxLength = batch.maxLength
        let scale = 1 / Float(headSize).squareRoot()
        let layout = ProbabilityLayout(batch: batch, headCount: headCount)
        var scratch = [Float](repeating: 0, count: 2 * maxLength * maxLength)
        let keepScale = mask.scale
        mask.withKept { keep in scratch.withUnsafeMutableBufferPointer { scratchBuffer in
            let dWeights = scratchBuffer.baseAddress!, weights = dWeights + maxLength * maxLength
            for sequence in 0..<batch.count {
                let length = batch.lengths[sequence], row = batch.offsets[sequence], square = length * length
                for head in 0..<headCount {
                    let place = layout.offset(sequence: sequence, head: head, length: length)
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
                    BLAS.gemm(.transposed, .none, m: length, n: headSize, k: length, alpha: scale,
                              a: dWeights, lda: length, b: query, ldb: stride, c: dQuery + d, ldc: stride)
                }
            }
        } }
    }
}
