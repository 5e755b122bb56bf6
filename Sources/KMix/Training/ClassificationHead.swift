import Foundation

/// The task head's forward pass for one batch, keeping what its backward pass needs.
///
/// `pooler`: `tanh(h_CLS Wpᵀ + bp)`, dropout, linear (Hugging Face's
/// `BertForSequenceClassification`); `cls`: `h_CLS`, dropout, linear;
/// `mean`: the mean over real tokens, dropout, linear.
struct ClassificationHead {
    let kind: AdapterPlan.TaskHead
    let hiddenSize: Int
    let labelCount: Int
    /// The rows the head reads: `h_CLS` or the token mean, `sequences x d`.
    var features: [Float]
    /// The pooler's output (pooler head only), `sequences x d`.
    var pooled: [Float]
    /// The classifier's input after dropout, `sequences x d`.
    var input: [Float]
    /// Dropout on the classifier's input.
    var keep: DropoutMask
    /// `sequences x labels`.
    var logits: [Float]

    /// Runs the head on `hidden` (`tokens x d`, packed as `batch`).
    init(kind: AdapterPlan.TaskHead, hidden: [Float], batch: PackedBatch, hiddenSize d: Int, labelCount: Int,
         pooler: (weight: UnsafePointer<Float>, bias: UnsafePointer<Float>)?,
         classifier: (weight: UnsafePointer<Float>, bias: UnsafePointer<Float>), dropout: inout DropoutSource?) {
        self.kind = kind
        hiddenSize = d
        self.labelCount = labelCount
        let b = batch.count
        var features = [Float](repeating: 0, count: b * d)
        for sequence in 0..<b {
            let start = batch.offsets[sequence], rows = kind == .mean ? batch.lengths[sequence] : 1
            let scale = 1 / Float(max(rows, 1))
            for token in start..<(start + rows) {
                for i in 0..<d { features[sequence * d + i] += hidden[token * d + i] * scale }
            }
        }
        var pooled: [Float] = []
        var input = features
        if kind == .pooler, let pooler {
            pooled = [Float](repeating: 0, count: b * d)
            features.withUnsafeBufferPointer { f in
                pooled.withUnsafeMutableBufferPointer { p in
                    BLAS.gemm(.none, .transposed, m: b, n: d, k: d, a: f.baseAddress!, lda: d,
                              b: pooler.weight, ldb: d, c: p.baseAddress!, ldc: d)
                    Elementwise.addBias(p.baseAddress!, rows: b, width: d, bias: pooler.bias)
                    for i in 0..<(b * d) { p[i] = Float(tanh(Double(p[i]))) }
                }
            }
            input = pooled
        }
        let keep = dropout?.hiddenMask(b * d) ?? .none
        input.withUnsafeMutableBufferPointer { keep.apply(to: $0.baseAddress!, count: $0.count) }
        self.keep = keep
        var logits = [Float](repeating: 0, count: b * labelCount)
        input.withUnsafeBufferPointer { x in
            logits.withUnsafeMutableBufferPointer { out in
                BLAS.gemm(.none, .transposed, m: b, n: labelCount, k: d, a: x.baseAddress!, lda: d,
                          b: classifier.weight, ldb: d, c: out.baseAddress!, ldc: labelCount)
                Elementwise.addBias(out.baseAddress!, rows: b, width: labelCount, bias: classifier.bias)
            }
        }
        self.features = features
        self.pooled = pooled
        self.input = input
        self.logits = logits
    }

    /// Gradients of the head's trainable tensors and of the encoder output.
    struct Gradients {
        var classifierWeight: [Float]
        var classifierBias: [Float]
        var poolerWeight: [Float]
        var poolerBias: [Float]
        /// dL/d(hidden), `tokens x d` (zero on rows the head does not read).
        var hidden: [Float]
    }

    /// Back-propagates dL/d(logits).
    func backward(logitGradient: [Float], batch: PackedBatch, pooler: UnsafePointer<Float>?,
                  classifierWeight: UnsafePointer<Float>, trainsPooler: Bool) -> Gradients {
        let b = batch.count, d = hiddenSize, k = labelCount
        var result = Gradients(classifierWeight: [Float](repeating: 0, count: k * d),
                               classifierBias: [Float](repeating: 0, count: k),
                               poolerWeight: trainsPooler ? [Float](repeating: 0, count: d * d) : [],
                               poolerBias: trainsPooler ? [Float](repeating: 0, count: d) : [],
                               hidden: [Float](repeating: 0, count: batch.tokenCount * d))
        var inputGradient = [Float](repeating: 0, count: b * d)
        logitGradient.withUnsafeBufferPointer { dLogits in
            input.withUnsafeBufferPointer { x in
                result.classifierWeight.withUnsafeMutableBufferPointer { dW in
                    BLAS.gemm(.transposed, .none, m: k, n: d, k: b, a: dLogits.baseAddress!, lda: k,
                              b: x.baseAddress!, ldb: d, c: dW.baseAddress!, ldc: d)
                }
            }
            inputGradient.withUnsafeMutableBufferPointer { dX in
                BLAS.gemm(.none, .none, m: b, n: d, k: k, a: dLogits.baseAddress!, lda: k,
                          b: classifierWeight, ldb: d, c: dX.baseAddress!, ldc: d)
            }
        }
        for row in 0..<b { for j in 0..<k { result.classifierBias[j] += logitGradient[row * k + j] } }
        inputGradient.withUnsafeMutableBufferPointer { keep.apply(to: $0.baseAddress!, count: $0.count) }
        var featureGradient = inputGradient
        if kind == .pooler, let pooler {
            for i in 0..<(b * d) { inputGradient[i] *= 1 - pooled[i] * pooled[i] }
            inputGradient.withUnsafeBufferPointer { dPre in
                featureGradient.withUnsafeMutableBufferPointer { dF in
                    BLAS.gemm(.none, .none, m: b, n: d, k: d, a: dPre.baseAddress!, lda: d, b: pooler, ldb: d,
                              c: dF.baseAddress!, ldc: d)
                }
                if trainsPooler {
                    features.withUnsafeBufferPointer { f in
                        result.poolerWeight.withUnsafeMutableBufferPointer { dW in
                            BLAS.gemm(.transposed, .none, m: d, n: d, k: b, a: dPre.baseAddress!, lda: d,
                                      b: f.baseAddress!, ldb: d, c: dW.baseAddress!, ldc: d)
                        }
                    }
                    for row in 0..<b { for j in 0..<d { result.poolerBias[j] += dPre[row * d + j] } }
                }
            }
        }
        for sequence in 0..<b {
            let start = batch.offsets[sequence], rows = kind == .mean ? batch.lengths[sequence] : 1
            let scale = 1 / Float(max(rows, 1))
            for token in start..<(start + rows) {
                for i in 0..<d { result.hidden[token * d + i] = featureGradient[sequence * d + i] * scale }
            }
        }
        return result
    }
}
