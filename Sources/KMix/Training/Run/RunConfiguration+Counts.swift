extension RunConfiguration {
    /// The first count that is smaller than it can be (`epochs`, `batch_size` or `workers` below 1, say), as its
    /// `config.json` key, value and minimum; nil when all are usable. A hand-edited `eval_every` of 0 would
    /// otherwise stop a resumed run with a division by zero.
    func firstInvalidCount() -> (key: String, value: Int, minimum: Int)? {
        let counts: [(CodingKeys, Int?, Int)] = [
            (.epochs, epochs, 1), (.maxSteps, maxSteps, 1), (.batchSize, batchSize, 1), (.workers, workers, 1),
            (.maxLength, maxLength, 2), (.maxTrainRows, maxTrainRows, 1), (.bucketBatches, bucketBatches, 1),
            (.evaluateEvery, evaluateEvery, 1), (.saveEvery, saveEvery, 1), (.keepLast, keepLast, 1),
            (.reallocateEvery, reallocateEvery, 1), (.reallocateUntil, reallocateUntil, 1),
            (.reallocateMinRank, reallocateMinRank, 1), (.reallocateMaxRank, reallocateMaxRank, 1),
        ]
        for (key, value, minimum) in counts {
            if let value, value < minimum { return (key.stringValue, value, minimum) }
        }
        return nil
    }
}
