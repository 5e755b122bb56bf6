import Foundation

/// A decoder's language-model head on one worker's sequences: the final layer norm (GPT-2's `ln_f`), logits
/// against the tied word embeddings, and the next-token cross-entropy of the target tokens with its gradient back
/// to the last layer's output. Position t of a sequence predicts token t + 1; only positions whose next token is
/// at or after the sequence's target start are scored, so a source costs no logits.
///
/// The logits are computed `chunkRows` rows at a time, so memory stays `chunkRows x vocabulary` whatever the batch.
final class LanguageModelHead {
    /// Rows of logits held at once.
    static let chunkRows = 64
    /// The final layer norm's normalised input and reciprocal deviations, and its output.
    private let normalized = ReusableBuffer<Float>(), deviation = ReusableBuffer<Float>()
    private let output = ReusableBuffer<Float>()
    /// One chunk's logits (then their gradient), `chunkRows x vocabulary`.
    private let logits = ReusableBuffer<Float>()

    /// The summed cross-entropy (smoothed by `smoothing`) of the target tokens of `batch`'s sequences over
    /// `hidden` (the last layer's output, `tokens x d`), and either, with `gradient`, dL/d(hidden) for the loss
    /// `scale · sum` written to its pointer, or, forward only, how many target tokens score highest (the lowest id
    /// on a tie; 0 in a training pass, which has no use for it).
    func lossAndGradient(hidden: UnsafePointer<Float>, batch: PackedBatch, targetStarts: [Int], model: Transformer,
                         smoothing: Float, gradient: (pointer: UnsafeMutablePointer<Float>, scale: Float)?)
        -> (loss: Double, correct: Int) {
        let c = model.configuration, d = c.hiddenSize, vocabulary = c.vocabularySize, n = batch.tokenCount
        let normalized = self.normalized.reserve(n * d), deviation = self.deviation.reserve(n)
        let output = self.output.reserve(n * d)
        output.update(from: hidden, count: n * d)
        if let norm = model.weights.finalNorm {
            LayerNorm.forward(output, rows: n, width: d, weights: norm.gamma, norm.beta, epsilon: c.layerNormEpsilon,
                              normalized: normalized, reciprocalDeviation: deviation)
        }
        gradient?.pointer.update(repeating: 0, count: n * d)
        let logits = self.logits.reserve(Self.chunkRows * vocabulary)
        var total = 0.0, correct = 0
        model.weights.wordEmbeddings.scalars.withUnsafeBufferPointer { table in
            let words = table.baseAddress!
            for sequence in 0..<batch.count where batch.lengths[sequence] > targetStarts[sequence] {
                let first = batch.offsets[sequence] + targetStarts[sequence] - 1
                let predicting = batch.lengths[sequence] - targetStarts[sequence]
                var start = 0
                while start < predicting {
                    let rows = min(Self.chunkRows, predicting - start), row = first + start
                    BLAS.gemm(.none, .transposed, m: rows, n: vocabulary, k: d, a: output + row * d, lda: d,
                              b: words, ldb: d, c: logits, ldc: vocabulary)
                    for r in 0..<rows {
                        let scores = logits + r * vocabulary, target = Int(batch.tokenIDs[row + r + 1])
                        if gradient == nil, Self.scoresHighest(target, in: scores, count: vocabulary) { correct += 1 }
                        total += Self.crossEntropy(scores, count: vocabulary, target: target, smoothing: smoothing,
                                                   gradientScale: gradient?.scale)
                    }
                    if let gradient {
                        BLAS.gemm(.none, .none, m: rows, n: d, k: vocabulary, a: logits, lda: vocabulary,
                                  b: words, ldb: d, c: gradient.pointer + row * d, ldc: d)
                    }
                    start += rows
                }
            }
        }
        if let gradient, let norm = model.weights.finalNorm {
            LayerNorm.backward(gradient.pointer, rows: n, width: d, gamma: norm.gamma, normalized: normalized,
                               reciprocalDeviation: deviation)
        }
        return (total, correct)
    }

    /// Whether `target` has the highest score of `row`, no lower id scoring as high.
    private static func scoresHighest(_ target: Int, in row: UnsafePointer<Float>, count: Int) -> Bool {
        let score = row[target]
        for j in 0..<count where row[j] > score || (j < target && row[j] == score) { return false }
        return true
    }

    /// `(1 − ε)·(−log p[target]) + ε·mean_j(−log p[j])` of `p = softmax(row)`, PyTorch's label-smoothed
    /// cross-entropy; with `gradientScale`, replaces `row` by its gradient `(p − (1 − ε)·onehot − ε/V) · scale`.
    private static func crossEntropy(_ row: UnsafeMutablePointer<Float>, count: Int, target: Int, smoothing: Float,
                                     gradientScale: Float?) -> Double {
        let maximum = Reduction.max(row, count: count)
        var sum = 0.0, logitSum = 0.0
        for j in 0..<count {
            sum += exp(Double(row[j] - maximum))
            logitSum += Double(row[j])
        }
        let logNormalizer = log(sum) + Double(maximum), epsilon = Double(smoothing)
        let negativeLogLikelihood = logNormalizer - Double(row[target])
        let loss = epsilon == 0 ? negativeLogLikelihood
            : (1 - epsilon) * negativeLogLikelihood + epsilon * (logNormalizer - logitSum / Double(count))
        if let scale = gradientScale {
            let uniform = Float(epsilon / Double(count)) * scale
            for j in 0..<count { row[j] = Float(exp(Double(row[j] - maximum)) / sum) * scale - uniform }
            row[target] -= Float(1 - epsilon) * scale
        }
        return loss
    }
}
