import Foundation

/// The task head's forward and backward passes for one worker's sequences,
/// keeping what the backward pass needs in buffers reused from batch to batch.
///
/// `pooler`: `tanh(h_CLS Wpᵀ + bp)`, dropout, linear (Hugging Face's
/// `BertForSequenceClassification`); `cls`: `h_CLS`, dropout, linear;
/// `mean`: the mean over real tokens, dropout, linear; `last`: the last real token's hidden state, dropout, linear.
final class ClassificationHead {
    let kind: AdapterPlan.TaskHead
    let hiddenSize: Int
    let labelCount: Int
    /// Sequences of the last forward pass.
    private(set) var sequences = 0
    /// The rows the head reads: `h_CLS` or the token mean, `sequences x d`.
    private let features = ReusableBuffer<Float>()
    /// The pooler's output (pooler head only), `sequences x d`.
    private let pooled = ReusableBuffer<Float>()
    /// The classifier's input after dropout, `sequences x d`.
    private let input = ReusableBuffer<Float>()
    /// Dropout on the classifier's input.
    private let keep = MaskBuffer()
    /// `sequences x labels`.
    private let logitBuffer = ReusableBuffer<Float>()
    /// The backward pass's temporaries.
    private let inputGradient = ReusableBuffer<Float>(), featureGradient = ReusableBuffer<Float>()
    private let weightGradient = ReusableBuffer<Float>(), biasGradient = ReusableBuffer<Float>()

    init(kind: AdapterPlan.TaskHead, hiddenSize: Int, labelCount: Int) {
        self.kind = kind
        self.hiddenSize = hiddenSize
        self.labelCount = labelCount
    }

    /// The class scores of the last forward pass, `sequences x labels`.
    var logits: UnsafePointer<Float> { UnsafePointer(logitBuffer.pointer) }

    /// Runs the head on `hidden` (`tokens x d`, packed as `batch`).
    func forward(hidden: UnsafePointer<Float>, batch: PackedBatch,
                 pooler: (weight: UnsafePointer<Float>, bias: UnsafePointer<Float>)?,
                 classifier: (weight: UnsafePointer<Float>, bias: UnsafePointer<Float>), dropout: inout DropoutSource?) {
        let b = batch.count, d = hiddenSize
        sequences = b
        let features = self.features.zeroed(b * d), input = self.input.reserve(b * d)
        for sequence in 0..<b {
            let (start, rows) = readRows(of: sequence, in: batch)
            let scale = 1 / Float(max(rows, 1))
            for token in start..<(start + rows) {
                for i in 0..<d { features[sequence * d + i] += hidden[token * d + i] * scale }
            }
        }
        if kind == .pooler, let pooler {
            let pooled = self.pooled.reserve(b * d)
            BLAS.gemm(.none, .transposed, m: b, n: d, k: d, a: features, lda: d,
                      b: pooler.weight, ldb: d, c: pooled, ldc: d)
            Elementwise.addBias(pooled, rows: b, width: d, bias: pooler.bias)
            for i in 0..<(b * d) { pooled[i] = Float(tanh(Double(pooled[i]))) }
            input.update(from: pooled, count: b * d)
        } else {
            input.update(from: features, count: b * d)
        }
        keep.draw(b * d, rate: dropout?.hiddenRate, from: &dropout)
        keep.apply(to: input, count: b * d)
        let logits = logitBuffer.reserve(b * labelCount)
        BLAS.gemm(.none, .transposed, m: b, n: labelCount, k: d, a: input, lda: d,
                  b: classifier.weight, ldb: d, c: logits, ldc: labelCount)
        Elementwise.addBias(logits, rows: b, width: labelCount, bias: classifier.bias)
    }

    /// Where the backward pass puts its gradients.
    struct GradientTargets {
        /// The parameter store's gradient, to which the head's gradients are added.
        let gradients: UnsafeMutablePointer<Float>
        let classifierWeight: Range<Int>
        let classifierBias: Range<Int>
        /// The trained pooler's ranges (nil when the pooler is frozen or absent).
        let pooler: (weight: Range<Int>, bias: Range<Int>)?
        /// Receives dL/d(hidden), `tokens x d` (zero on rows the head does not read).
        let hidden: UnsafeMutablePointer<Float>
    }

    /// Back-propagates dL/d(logits) (`sequences x labels`).
    func backward(logitGradient dLogits: UnsafePointer<Float>, batch: PackedBatch, pooler: UnsafePointer<Float>?,
                  classifierWeight: UnsafePointer<Float>, into targets: GradientTargets) {
        let b = batch.count, d = hiddenSize, k = labelCount
        let dWeight = weightGradient.reserve(max(k, d) * d), dBias = biasGradient.zeroed(max(k, d))
        let dInput = inputGradient.reserve(b * d), dFeatures = featureGradient.reserve(b * d)
        BLAS.gemm(.transposed, .none, m: k, n: d, k: b, a: dLogits, lda: k,
                  b: input.pointer, ldb: d, c: dWeight, ldc: d)
        Self.add(dWeight, to: targets.gradients, at: targets.classifierWeight)
        BLAS.gemm(.none, .none, m: b, n: d, k: k, a: dLogits, lda: k, b: classifierWeight, ldb: d, c: dInput, ldc: d)
        for row in 0..<b { for j in 0..<k { dBias[j] += dLogits[row * k + j] } }
        Self.add(dBias, to: targets.gradients, at: targets.classifierBias)
        keep.apply(to: dInput, count: b * d)
        dFeatures.update(from: dInput, count: b * d)
        if kind == .pooler, let pooler {
            let pooled = self.pooled.pointer
            for i in 0..<(b * d) { dInput[i] *= 1 - pooled[i] * pooled[i] }
            BLAS.gemm(.none, .none, m: b, n: d, k: d, a: dInput, lda: d, b: pooler, ldb: d, c: dFeatures, ldc: d)
            if let trained = targets.pooler {
                BLAS.gemm(.transposed, .none, m: d, n: d, k: b, a: dInput, lda: d,
                          b: features.pointer, ldb: d, c: dWeight, ldc: d)
                Self.add(dWeight, to: targets.gradients, at: trained.weight)
                let dPoolerBias = biasGradient.zeroed(d)
                for row in 0..<b { for j in 0..<d { dPoolerBias[j] += dInput[row * d + j] } }
                Self.add(dPoolerBias, to: targets.gradients, at: trained.bias)
            }
        }
        targets.hidden.update(repeating: 0, count: batch.tokenCount * d)
        for sequence in 0..<b {
            let (start, rows) = readRows(of: sequence, in: batch)
            let scale = 1 / Float(max(rows, 1))
            for token in start..<(start + rows) {
                for i in 0..<d { targets.hidden[token * d + i] = dFeatures[sequence * d + i] * scale }
            }
        }
    }

    /// The packed rows the head reads for `sequence`: its first token, all its tokens (`mean`) or its last (`last`).
    private func readRows(of sequence: Int, in batch: PackedBatch) -> (start: Int, count: Int) {
        let start = batch.offsets[sequence], length = batch.lengths[sequence]
        switch kind {
        case .mean: return (start, length)
        case .last: return (start + max(length - 1, 0), 1)
        case .pooler, .cls: return (start, 1)
        }
    }

    /// Adds `range.count` values to `gradients[range]`.
    private static func add(_ values: UnsafePointer<Float>, to gradients: UnsafeMutablePointer<Float>,
                            at range: Range<Int>) {
        for offset in 0..<range.count { gradients[range.lowerBound + offset] += values[offset] }
    }
}
