import Foundation

/// Mean softmax cross-entropy over a batch.
enum CrossEntropy {
    /// The mean loss of `logits` (`rows x classes`) against `labels`, and its gradient with respect to the logits.
    static func lossAndGradient(logits: [Float], labels: [Int], classes: Int) -> (loss: Float, gradient: [Float]) {
        let rows = labels.count
        var gradient = [Float](repeating: 0, count: logits.count)
        var total = 0.0
        for row in 0..<rows {
            let base = row * classes
            let maximum = logits[base..<(base + classes)].max()!
            var sum = 0.0
            for j in 0..<classes { sum += exp(Double(logits[base + j] - maximum)) }
            total += log(sum) + Double(maximum) - Double(logits[base + labels[row]])
            for j in 0..<classes {
                let probability = exp(Double(logits[base + j] - maximum)) / sum
                gradient[base + j] = Float((probability - (j == labels[row] ? 1 : 0)) / Double(rows))
            }
        }
        return (Float(total / Double(rows)), gradient)
    }
}
