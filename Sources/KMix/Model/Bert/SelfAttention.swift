/// Multi-head scaled dot-product attention over packed sequences.
///
/// The (sequence, head) pairs are independent small products: they are
/// spread over the cores, longest sequences first, with single-threaded BLAS.
/// Each pair writes only its own rows and columns, so workers never overlap.
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

    /// The pairs in work order: longest sequences first, then by head.
    static func workItems(_ batch: PackedBatch, headCount: Int) -> [(sequence: Int, head: Int)] {
        let order = batch.lengths.indices.sorted { batch.lengths[$0] > batch.lengths[$1] }
        return order.flatMap { sequence in (0..<headCount).map { (sequence, $0) } }
    }

    /// Computes every head's `dropout(softmax(q kᵀ/√dh)) v` for every sequence of `batch`.
    ///
    /// - Parameters:
    ///   - qkv: `tokens x 3d`, each row the token's query, key and value.
    ///   - context: receives `tokens x d`, head h in columns `h·dh ..< (h+1)·dh`.
    ///   - probabilities: when given, receives each pair's probabilities (before dropout), laid out by `ProbabilityLayout`.
    ///   - keep: dropout factors in the same layout, or nil for no dropout.
    static func apply(qkv: UnsafeMutablePointer<Float>, context: UnsafeMutablePointer<Float>,
                      batch: PackedBatch, headCount: Int, headSize: Int,
                      probabilities: UnsafeMutablePointer<Float>? = nil, keep: UnsafePointer<Float>? = nil) {
        let d = headCount * headSize, stride = 3 * d
        let maxLength = batch.maxLength
        let scale = 1 / Float(headSize).squareRoot()
        let items = workItems(batch, headCount: headCount)
        let layout = ProbabilityLayout(batch: batch, headCount: headCount)
        let workers = min(ThreadPolicy.coreCount, items.count)
        var scratch = [Float](repeating: 0, count: max(1, workers) * maxLength * maxLength)
        let lengths = batch.lengths, offsets = batch.offsets
        scratch.withUnsafeMutableBufferPointer { scratchBuffer in
            let scores = SharedPointer(scratchBuffer.baseAddress!)
            let input = SharedPointer(qkv), output = SharedPointer(context)
            let saved = probabilities.map(SharedPointer.init)
            let factors = keep.map { SharedPointer(UnsafeMutablePointer(mutating: $0)) }
            ThreadPolicy.forEachWorker(workers) { worker in
                let own = scores.base + worker * maxLength * maxLength
                for item in Swift.stride(from: worker, to: items.count, by: workers) {
                    let (sequence, head) = items[item]
                    let length = lengths[sequence], row = offsets[sequence]
                    let query = input.base + row * stride + head * headSize
                    let place = layout.offset(sequence: sequence, head: head, length: length)
                    let p = saved.map { $0.base + place } ?? own
                    BLAS.gemm(.none, .transposed, m: length, n: length, k: headSize, alpha: scale,
                              a: query, lda: stride, b: query + d, ldb: stride, c: p, ldc: length)
                    Softmax.rows(p, rows: length, width: length, stride: length)
                    var weights = UnsafePointer(p)
                    if let factors {
                        let f = factors.base + place
                        for i in 0..<(length * length) { own[i] = p[i] * f[i] }
                        weights = UnsafePointer(own)
                    }
                    BLAS.gemm(.none, .none, m: length, n: headSize, k: length,
                              a: weights, lda: length, b: query + 2 * d, ldb: stride,
                              c: output.base + row * d + head * headSize, ldc: d)
                }
            }
        }
    }

    /// Back-propagates the context's gradient to the queries, keys and values.
    ///
    /// - Parameters:
    ///   - contextGradient: `tokens x d`.
    ///   - qkv: the forward pass's `tokens x 3d` (adapted q, k, adapted v).
    ///   - probabilities, keep: what `apply` saved.
    ///   - qkvGradient: receives `tokens x 3d` (every element is written).
    static func backward(contextGradient: UnsafePointer<Float>, qkv: UnsafePointer<Float>,
                         probabilities: UnsafePointer<Float>, keep: UnsafePointer<Float>?,
                         qkvGradient: UnsafeMutablePointer<Float>,
                         batch: PackedBatch, headCount: Int, headSize: Int) {
        let d = headCount * headSize, stride = 3 * d
        let maxLength = batch.maxLength
        let scale = 1 / Float(headSize).squareRoot()
        let items = workItems(batch, headCount: headCount)
        let layout = ProbabilityLayout(batch: batch, headCount: headCount)
        let workers = min(ThreadPolicy.coreCount, items.count)
        let block = 2 * maxLength * maxLength
        var scratch = [Float](repeating: 0, count: max(1, workers) * block)
        let lengths = batch.lengths, offsets = batch.offsets
        scratch.withUnsafeMutableBufferPointer { scratchBuffer in
            let work = SharedPointer(scratchBuffer.baseAddress!)
            let dContext = SharedPointer(UnsafeMutablePointer(mutating: contextGradient))
            let values = SharedPointer(UnsafeMutablePointer(mutating: qkv))
            let saved = SharedPointer(UnsafeMutablePointer(mutating: probabilities))
            let factors = keep.map { SharedPointer(UnsafeMutablePointer(mutating: $0)) }
            let output = SharedPointer(qkvGradient)
            ThreadPolicy.forEachWorker(workers) { worker in
                let dWeights = work.base + worker * block, weights = dWeights + maxLength * maxLength
                for item in Swift.stride(from: worker, to: items.count, by: workers) {
                    let (sequence, head) = items[item]
                    let length = lengths[sequence], row = offsets[sequence], square = length * length
                    let p = saved.base + layout.offset(sequence: sequence, head: head, length: length)
                    let f = factors.map { $0.base + layout.offset(sequence: sequence, head: head, length: length) }
                    let query = values.base + row * stride + head * headSize
                    let dQuery = output.base + row * stride + head * headSize
                    let dOut = dContext.base + row * d + head * headSize
                    var used = UnsafePointer(p)
                    if let f {
                        for i in 0..<square { weights[i] = p[i] * f[i] }
                        used = UnsafePointer(weights)
                    }
                    BLAS.gemm(.none, .transposed, m: length, n: length, k: headSize,
                              a: dOut, lda: d, b: query + 2 * d, ldb: stride, c: dWeights, ldc: length)
                    BLAS.gemm(.transposed, .none, m: length, n: headSize, k: length,
                              a: used, lda: length, b: dOut, ldb: d, c: dQuery + 2 * d, ldc: stride)
                    if let f { for i in 0..<square { dWeights[i] *= f[i] } }
                    for r in 0..<length {
                        let pr = p + r * length, gr = dWeights + r * length
                        var dot: Float = 0
                        for c in 0..<length { dot += pr[c] * gr[c] }
                        for c in 0..<length { gr[c] = pr[c] * (gr[c] - dot) }
                    }
                    BLAS.gemm(.none, .none, m: length, n: headSize, k: length, alpha: scale,
                              a: dWeights, lda: length, b: query + d, ldb: stride, c: dQuery, ldc: stride)
                    BLAS.gemm(.transposed, .none, m: length, n: headSize, k: length, alpha: scale,
                              a: dWeights, lda: length, b: query, ldb: stride, c: dQuery + d, ldc: stride)
                }
            }
        }
    }
}
