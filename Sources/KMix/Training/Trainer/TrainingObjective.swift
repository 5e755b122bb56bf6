/// What a run trains the adapters for: the one place the training loop meets the task. A classifier scores labelled
/// texts; a language model scores the targets of source/target sequences. The loop, its checkpoints, reallocation
/// and events are the same for both.
protocol TrainingObjective: AnyObject {
    /// The trainable state.
    var adapters: AdapterSet { get set }
    /// The loss of the examples `batch` holds (their indices in `data`) and its gradient, written to `gradient`.
    func lossAndGradient(_ batch: LabeledBatch, of data: EncodedDataset, dropout: DropoutSource,
                         into gradient: inout [Float]) -> Float
    /// The dev-set report at `step`.
    func evaluate(_ data: EncodedDataset, batchSize: Int, step: Int) throws -> EvaluationReport
}

extension KernelMixClassifier: TrainingObjective {
    func lossAndGradient(_ batch: LabeledBatch, of data: EncodedDataset, dropout: DropoutSource,
                         into gradient: inout [Float]) -> Float {
        lossAndGradient(batch: batch.batch, labels: batch.labels, dropout: dropout, into: &gradient)
    }

    func evaluate(_ data: EncodedDataset, batchSize: Int, step: Int) throws -> EvaluationReport {
        try Evaluation.run(self, on: data, batchSize: batchSize, step: step)
    }
}

/// A language model trained on the targets of source/target sequences, with label smoothing.
final class LanguageModelObjective: TrainingObjective {
    let model: KernelMixLanguageModel
    let labelSmoothing: Float

    init(_ model: KernelMixLanguageModel, labelSmoothing: Float) {
        self.model = model
        self.labelSmoothing = labelSmoothing
    }

    var adapters: AdapterSet {
        get { model.adapters }
        set { model.adapters = newValue }
    }

    func lossAndGradient(_ batch: LabeledBatch, of data: EncodedDataset, dropout: DropoutSource,
                         into gradient: inout [Float]) -> Float {
        let starts = data.targetStarts!
        return model.lossAndGradient(batch: batch.batch, targetStarts: batch.indices.map { starts[$0] },
                                     labelSmoothing: labelSmoothing, dropout: dropout, into: &gradient)
    }

    func evaluate(_ data: EncodedDataset, batchSize: Int, step: Int) throws -> EvaluationReport {
        try Evaluation.run(model, on: data, batchSize: batchSize, step: step)
    }
}
