/// How long a new run trains, once its training set's size is known.
///
/// A run ends at whichever of its epochs and its step limit comes first (`TrainingParameters.totalSteps`). When
/// only a step limit is given, the run takes as many epochs as those steps need; epochs that would end the run
/// before a step limit also given are refused rather than silently cutting the run short.
public enum RunLength {
    /// The epochs of a run over `examples` rows at `batchSize`: `epochs` when given, else as many as `maxSteps`
    /// needs, else 1.
    /// - Throws: `RunLengthConflict` when both are given and `epochs` ends the run before `maxSteps`.
    public static func epochs(_ epochs: Int?, maxSteps: Int?, examples: Int, batchSize: Int) throws(RunLengthConflict) -> Int {
        let stepsPerEpoch = max(1, examples.dividedRoundingUp(by: batchSize))
        if let epochs, let maxSteps, epochs.saturatingMultiplied(by: stepsPerEpoch) < maxSteps {
            throw RunLengthConflict(epochs: epochs, lastStep: epochs * stepsPerEpoch, maxSteps: maxSteps)
        }
        return epochs ?? maxSteps.map { $0.dividedRoundingUp(by: stepsPerEpoch) } ?? 1
    }
}

/// Epochs that end a run before the step limit it was also given.
public struct RunLengthConflict: Error, Equatable, Sendable {
    public let epochs: Int
    /// The step at which those epochs end the run.
    public let lastStep: Int
    public let maxSteps: Int

    /// The conflict in one sentence, naming the two settings as the user knows them ("--epochs", "Epochs").
    public func message(epochsName: String, maxStepsName: String) -> String {
        "\(epochsName) \(epochs) ends the run at step \(lastStep), before \(maxStepsName) \(maxSteps); "
            + "give more \(epochsName) or leave \(epochsName) out"
    }
}
