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

    /// The target tokens' mean cross-entropy (no smoothing), perplexity and top-1 accuracy of a language model on
    /// the source/target sequences of `data` (batches of similar length, no dropout). The loss is the mean over all
    /// target tokens of the set, so the perplexity is `exp(loss)`.
    /// - Throws: `NonFiniteOutput` when the loss is not finite.
    public static func run(_ model: KernelMixLanguageModel, on data: EncodedDataset, batchSize: Int,
                           step: Int) throws(NonFiniteOutput) -> EvaluationReport {
        let starts = data.targetStarts!
        var sum = 0.0, correct = 0, tokens = 0
        let schedule = BatchSchedule(lengths: data.lengths, batchSize: batchSize, seed: 0)
        for indices in schedule.evaluationBatches() {
            let result = model.targetLoss(batch: data.batch(indices).batch, targetStarts: indices.map { starts[$0] })
            sum += result.sum
            correct += result.correct
            tokens += result.tokens
        }
        let loss = sum / Double(max(1, tokens))
        try NonFiniteOutput.check([Float(loss)], what: "dev loss", example: 0)
        return EvaluationReport(step: step, accuracy: Double(correct) / Double(max(1, tokens)), loss: loss,
                                examples: data.count, perplexity: exp(loss))
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
