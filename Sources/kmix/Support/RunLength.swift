import ArgumentParser
import KMix

/// How long a new run trains, once its training set's size is known. The engine ends a run at whichever of
/// `--epochs` and `--max-steps` comes first (`TrainingParameters.totalSteps`); `kmix train` takes, when only
/// `--max-steps` is given, as many epochs as those steps need, and refuses an `--epochs` that would end the run
/// before the `--max-steps` it was also given.
struct RunLength {
    /// The epochs the run records in its `config.json`.
    let epochs: Int

    /// The epochs of `epochs` (nil: as many as `maxSteps` needs, else 1) for `examples` training examples.
    /// - Throws: a usage error naming both numbers when `epochs` ends the run before `maxSteps`.
    init(epochs: Int?, maxSteps: Int?, examples: Int, batchSize: Int) throws {
        let stepsPerEpoch = max(1, (examples + batchSize - 1) / batchSize)
        if let epochs, let maxSteps, epochs * stepsPerEpoch < maxSteps {
            throw ValidationError("--epochs \(epochs) ends the run at step \(epochs * stepsPerEpoch), before --max-steps "
                                  + "\(maxSteps); give more --epochs or leave --epochs out")
        }
        self.epochs = epochs ?? maxSteps.map { ($0 + stepsPerEpoch - 1) / stepsPerEpoch } ?? 1
    }

    /// The first line of a run's progress: its steps and which limit ends it, e.g. `training 30 steps (--max-steps
    /// 30; 3 epochs of 313 rows at batch 32), 153,312 trainable parameters`.
    static func description(of start: TrainingStart, maxSteps: Int?) -> String {
        let epochs = start.epochs == 1 ? "1 epoch" : "\(start.epochs) epochs"
        let limit = maxSteps == start.totalSteps ? "--max-steps \(start.totalSteps); \(epochs)" : "--epochs \(start.epochs)"
        return "training \(start.totalSteps) steps (\(limit) of \(start.examples) rows at batch \(start.batchSize)), "
            + "\(start.trainableParameters.grouped) trainable parameters"
    }
}
