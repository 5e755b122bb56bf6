import Foundation
@testable import KMix
@testable import KMixTUI

/// Small run folders written by the engine's own writers (`RunConfiguration`, `AdapterPlan.write`, `RunWriter`), as
/// `kmix train` leaves them, in a temporary folder of their own.
struct RunFolders {
    let root: URL

    /// An empty temporary folder.
    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-runs-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
    }

    func remove() {
        try? FileManager.default.removeItem(at: root)
    }

    /// Writes a run called `name` under `root/subfolder`: `plan`, `seed`, `steps` steps of an epoch of `stepsPerEpoch`
    /// (loss `0.7 - 0.05 * step`), a dev evaluation (`accuracy(step)`) every 4 steps, and its adapters saved after
    /// the last step unless `saved` is false.
    @discardableResult
    func write(_ name: String, in subfolder: String = "runs", plan: AdapterPlan, seed: UInt64, steps: Int,
               stepsPerEpoch: Int, epochs: Int = 1, saved: Bool = true, accuracy: (Int) -> Double) throws -> URL {
        let folder = root.appendingPathComponent(subfolder).appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let configuration = RunConfiguration(model: "all-MiniLM-L6-v2", task: "sst2", trainFile: "data/sst2/train.tsv",
                                             devFile: "data/sst2/dev.tsv", textColumn: nil, pairColumn: nil,
                                             labelColumn: nil, devTextColumn: nil, labelValues: ["0", "1"],
                                             labelNames: ["negative", "positive"], maxLength: 128, maxTrainRows: nil,
                                             parameters: TrainingParameters(epochs: epochs, batchSize: 8, seed: seed,
                                                                            evaluateEvery: 4))
        try configuration.encoded().write(to: folder.appendingPathComponent("config.json"))
        try plan.write(to: folder.appendingPathComponent("plan.json"))
        let writer = try RunWriter(folder: folder)
        for step in 1...steps {
            try writer.record(.step(StepReport(step: step, totalSteps: stepsPerEpoch * epochs,
                                               epoch: Double(step) / Double(stepsPerEpoch), loss: Float(0.7 - 0.05 * Double(step)),
                                               learningRate: 2e-4, gradientNorm: 1, sentencesPerSecond: 50,
                                               tokensPerSecond: 1200, elapsed: Double(step))))
            if step % 4 == 0 {
                try writer.record(.evaluation(EvaluationReport(step: step, accuracy: accuracy(step), loss: 0.5, examples: 872)))
            }
        }
        // Only the file's time counts for the listing: written after the history, the run was saved at its last step.
        if saved { try Data().write(to: folder.appendingPathComponent("adapters.safetensors")) }
        return folder
    }

    /// Two runs in `root/runs`: `a-paper` (paper-nlu, seed 42, 8 of 8 steps, dev 0.70 then 0.80: finished) and
    /// `b-lora` (lora-r8, seed 43, 6 steps of 2 epochs of 12, dev 0.75: stopped).
    func writeTwo() throws {
        try write("a-paper", plan: AdapterPlan(preset: .paperNLU, shape: Fixtures.shape), seed: 42, steps: 8, stepsPerEpoch: 8) {
            $0 == 4 ? 0.7 : 0.8
        }
        try write("b-lora", plan: AdapterPlan(preset: .lora(rank: 8), shape: Fixtures.shape), seed: 43, steps: 6,
                  stepsPerEpoch: 12, epochs: 2) { _ in 0.75 }
    }
}
