import Foundation

/// Accuracy and loss of a classifier on a data set.
public enum Evaluation {
    /// Classifies every example of `data` (batches of similar length, no dropout).
    /// - Throws: `NonFiniteOutput` when an example's logits are not finite.
    public static func run(_ classifier: KernelMixClassifier, on data: EncodedDataset, batchSize: Int,
                           step: Int) throws(NonFiniteOutput) -> EvaluationReport {
        let predictions = try predict(classifier, on: data, batchSize: batchSize)
        var correct = 0, loss = 0.0
        for (index, logits) in predictions.enumerated() {
            let label = data.labels[index]
            if logits.indices.max(by: { logits[$0] < logits[$1] }) == label { correct += 1 }
            let maximum = Double(logits.max() ?? 0)
            let total = logits.reduce(0.0) { $0 + exp(Double($1) - maximum) }
            loss += log(total) + maximum - Double(logits[label])
        }
        let count = max(1, data.count)
        return EvaluationReport(step: step, accuracy: Double(correct) / Double(count), loss: loss / Double(count),
                                examples: data.count, majority: MajorityBaseline(labels: data.labels))
    }

    /// The logits of every example of `data`, in the data set's order.
    /// - Throws: `NonFiniteOutput` when an example's logits are not finite.
    public static func predict(_ classifier: KernelMixClassifier, on data: EncodedDataset,
                               batchSize: Int) throws(NonFiniteOutput) -> [[Float]] {
        var logits = [[Float]](repeating: [], count: data.count)
        let k = classifier.adapters.labelCount
        let schedule = BatchSchedule(lengths: data.lengths, batchSize: batchSize, seed: 0)
        for indices in schedule.evaluationBatches() {
            let scores = classifier.logits(for: data.batch(indices).batch).scalars
            for (slot, index) in indices.enumerated() {
                logits[index] = Array(scores[(slot * k)..<((slot + 1) * k)])
                try NonFiniteOutput.check(logits[index], what: "logits", example: index)
            }
        }
        return logits
    }
}
