import Foundation

/// Mean softmax cross-entropy over a batch.
enum CrossEntropy {
    /// The mean loss of `logits` (`labels.count x classes`) against `labels`; writes its
    /// gradient with respect to the logits, times `scale`, to `gradient` (same shape).
    static func lossAndGradient(logits: UnsafePointer<Float>, labels: [Int], classes: Int, scale: Float,
                                gradient: UnsafeMutablePointer<Float>) -> Float {
        let rows = labels.count
        var total = 0.0
        for row in 0..<rows {
            let base = row * classes
            var maximum = logits[base]
            for j in 1..<max(1, classes) where maximum < logits[base + j] { maximum = logits[base + j] }
            var sum = 0.0
            for j in 0..<classes { sum += exp(Double(logits[base + j] - maximum)) }
            total += log(sum) + Double(maximum) - Double(logits[base + labels[row]])
            for j in 0..<classes {
                let probability = exp(Double(logits[base + j] - maximum)) / sum
                gradient[base + j] = Float((probability - (j == labels[row] ? 1 : 0)) / Double(rows)) * scale
            }
        }
        return Float(total / Double(rows))
    }
}
