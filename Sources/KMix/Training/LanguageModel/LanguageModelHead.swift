import Foundation

/// A decoder's language-model head on one worker's sequences: the final layer norm (GPT-2's `ln_f`), logits
/// against the tied word embeddings, and the next-token cross-entropy with its gradient back to the last layer's
/// output. Position t of each sequence predicts token t + 1; a sequence's last position predicts nothing.
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

    /// The summed next-token cross-entropy of `batch`'s sequences over `hidden` (the last layer's output,
    /// `tokens x d`), and, with `gradient`, dL/d(hidden) for the loss `scale · sum` written to it.
    func lossAndGradient(hidden: UnsafePointer<Float>, batch: PackedBatch, model: Transformer, scale: Float,
                         gradient: UnsafeMutablePointer<Float>?) -> Double {
        let c = model.configuration, d = c.hiddenSize, vocabulary = c.vocabularySize, n = batch.tokenCount
        let normalized = self.normalized.reserve(n * d), deviation = self.deviation.reserve(n)
        let output = self.output.reserve(n * d)
        output.update(from: hidden, count: n * d)
        if let norm = model.weights.finalNorm {
            LayerNorm.forward(output, rows: n, width: d, weights: norm.gamma, norm.beta, epsilon: c.layerNormEpsilon,
                              normalized: normalized, reciprocalDeviation: deviation)
        }
        gradient?.update(repeating: 0, count: n * d)
        let logits = self.logits.reserve(Self.chunkRows * vocabulary)
        var total = 0.0
        model.weights.wordEmbeddings.scalars.withUnsafeBufferPointer { table in
            let words = table.baseAddress!
            for sequence in 0..<batch.count where batch.lengths[sequence] > 1 {
                let first = batch.offsets[sequence], predicting = batch.lengths[sequence] - 1
                var start = 0
                while start < predicting {
                    let rows = min(Self.chunkRows, predicting - start), row = first + start
                    BLAS.gemm(.none, .transposed, m: rows, n: vocabulary, k: d, a: output + row * d, lda: d,
                              b: words, ldb: d, c: logits, ldc: vocabulary)
                    for r in 0..<rows {
                        let target = Int(batch.tokenIDs[row + r + 1])
                        total += Self.crossEntropy(logits + r * vocabulary, count: vocabulary, target: target,
                                                   gradientScale: gradient == nil ? nil : scale)
                    }
                    if let gradient {
                        BLAS.gemm(.none, .none, m: rows, n: d, k: vocabulary, a: logits, lda: vocabulary,
                                  b: words, ldb: d, c: gradient + row * d, ldc: d)
                    }
                    start += rows
                }
            }
        }
        if let gradient, let norm = model.weights.finalNorm {
            LayerNorm.backward(gradient, rows: n, width: d, gamma: norm.gamma, normalized: normalized,
                               reciprocalDeviation: deviation)
        }
        return total
    }

    /// `−log softmax(row)[target]`; with `gradientScale`, replaces `row` by `(softmax(row) − onehot) · scale`.
    private static func crossEntropy(_ row: UnsafeMutablePointer<Float>, count: Int, target: Int,
                                     gradientScale: Float?) -> Double {
        let maximum = Reduction.max(row, count: count)
        var sum = 0.0
        for j in 0..<count { sum += exp(Double(row[j] - maximum)) }
        let loss = log(sum) + Double(maximum) - Double(row[target])
        if let scale = gradientScale {
            for j in 0..<count { row[j] = Float(exp(Double(row[j] - maximum)) / sum) * scale }
            row[target] -= scale
        }
        return loss
    }
}
