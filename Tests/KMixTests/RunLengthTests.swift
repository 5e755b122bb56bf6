import Testing
@testable import KMix

/// How long a run trains: epochs when given, else what the step limit needs, else one; a conflict is refused.
@Suite struct RunLengthTests {
    @Test func maxStepsAloneTakesTheEpochsItNeedsAndAConflictIsRefused() throws {
        #expect(try RunLength.epochs(nil, maxSteps: 40, examples: 600, batchSize: 32) == 3, "19 steps an epoch: 40 need 3")
        #expect(try RunLength.epochs(nil, maxSteps: nil, examples: 600, batchSize: 32) == 1)
        #expect(try RunLength.epochs(2, maxSteps: 30, examples: 600, batchSize: 32) == 2)
        #expect(throws: RunLengthConflict(epochs: 1, lastStep: 19, maxSteps: 40)) {
            try RunLength.epochs(1, maxSteps: 40, examples: 600, batchSize: 32)
        }
        #expect(RunLengthConflict(epochs: 1, lastStep: 19, maxSteps: 40).message(epochsName: "Epochs", maxStepsName: "Max steps")
                == "Epochs 1 ends the run at step 19, before Max steps 40; give more Epochs or leave Epochs out")
    }
}
