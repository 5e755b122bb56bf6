import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix train --task sst2 --out RUN` with nothing else: the shipped sample, the default plan and the measured
/// learning rate, said on the first line; a run no better than the majority label is called out.
@Suite(.enabled(if: KMixBinary.isBuilt && TestModel.isAvailable)) struct TrainDefaultsTests {
    @Test func aBareRunUsesTheShippedSampleTheDefaultPlanAndTheMeasuredRate() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-defaults-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = folder.appendingPathComponent("run")
        let result = try KMixBinary.run(["train", "--model", try TestModel.requireFolder().path, "--task", "sst2",
                                         "--max-steps", "2", "--max-train-rows", "64", "--out", run.path],
                                        environment: ["KMIX_DATA": folder.appendingPathComponent("none").path])
        try #require(result.status == 0, "\(result.error)")
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("data: ") == true && lines.first?.contains("/Datasets/sst2 (the sample shipped with kmix): "
                + "64 training rows, 872 dev rows; the full data set: GLUE's SST-2 download") == true, "\(result.output)")
        let configuration = try RunConfiguration.load(fromRun: run)
        #expect(configuration.learningRate == TrainingDefaults.learningRate && TrainingDefaults.learningRate == 2e-3)
        #expect(configuration.task == "sst2" && configuration.epochs == 1)
        let plan = try AdapterPlan.load(from: run.appendingPathComponent("plan.json"),
                                        for: AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384))
        #expect(plan == AdapterPlan(preset: .paperNLU, shape: plan.shape))
        #expect(lines.contains { $0.hasPrefix("warning: dev accuracy ") && $0.contains("is no better than always answering '")
            && $0.hasSuffix("try a higher --lr, more --epochs or more training rows (docs/training.md)") },
                "two steps learn nothing, and it says so: \(result.output)")
    }
}
