import Foundation
import Testing
@testable import KMix

/// kmix's own formats read with the engine's JSON reader: exact integers, repeated keys refused at their path, and
/// syntax errors placed by line and column.
@Suite struct JSONFormatsTests {
    let miniLM = AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384)

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-json-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// The paper-nlu plan's text with `original` replaced by `replacement` (once).
    func editedPlan(_ original: String, _ replacement: String) throws -> Data {
        let text = AdapterPlan(preset: .paperNLU, shape: miniLM).encoded()
        let range = try #require(text.range(of: original))
        return Data(text.replacingCharacters(in: range, with: replacement).utf8)
    }

    @Test func planWithARepeatedKeyIsRefusedAtItsObject() throws {
        let data = try editedPlan(#""shared": {"q": 2,"#, #""shared": {"q": 2, "q": 3,"#)
        #expect(throws: PlanError.invalid(source: "plan.json", location: "$.layers[0].shared",
                                          reason: "the key 'q' appears more than once")) {
            try AdapterPlan.decode(data, source: "plan.json", for: miniLM)
        }
    }

    @Test func planIntegersAreReadExactly() throws {
        let data = try editedPlan(#""kmix_plan": 1"#, #""kmix_plan": 9007199254740993"#)
        #expect(throws: PlanError.invalid(source: "plan.json", location: "$.kmix_plan",
                                          reason: "format version 9007199254740993 is not supported (this kmix reads 1)")) {
            try AdapterPlan.decode(data, source: "plan.json", for: miniLM)
        }
        let exponent = try editedPlan(#""kmix_plan": 1"#, #""kmix_plan": 1e0"#)
        #expect(throws: PlanError.invalid(source: "plan.json", location: "$.kmix_plan",
                                          reason: "format version must be a whole number")) {
            try AdapterPlan.decode(exponent, source: "plan.json", for: miniLM)
        }
    }

    @Test func runConfigurationKeepsEveryBitOfItsNumbers() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var parameters = TrainingParameters(epochs: 3, maxSteps: nil, batchSize: 16,
                                            optimizer: OptimizerSettings(learningRate: 0.1 + 0.2), seed: .max)
        parameters.optimizer.clipNorm = .leastNonzeroMagnitude
        let configuration = RunConfiguration(
            model: "/m", task: "sst2", trainFile: "/d/train.tsv", devFile: nil, textColumn: "sentence", pairColumn: nil,
            labelColumn: nil, devTextColumn: nil, labelValues: ["0", "1"], labelNames: ["negative", "positive"],
            maxLength: 128, maxTrainRows: nil, parameters: parameters)
        try configuration.encoded().write(to: folder.appendingPathComponent("config.json"))
        let loaded = try RunConfiguration.load(fromRun: folder)
        #expect(loaded == configuration)
        #expect(loaded.seed == UInt64.max && loaded.clipNorm == .leastNonzeroMagnitude)
    }

    @Test func runConfigurationErrorsNameTheFileAndThePlace() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        for (text, reason) in [
            ("{\n  \"model\": \"/m\",\n  \"seed\": 1,,\n}", "it is not valid JSON (near line 3, column 13)"),
            ("{\"model\": \"/m\"", "it is not valid JSON (it ends too early, at line 1, column 15)"),
            ("{\"model\": 5}", "'model' has the wrong type: expected a string, found 5"),
            ("{\"model\": \"/m\", \"model\": \"/n\"}", "the key 'model' appears more than once"),
            ("{\"model\": \"/m\"}", "it lacks 'train_file'"),
        ] {
            try Data(text.utf8).write(to: url)
            #expect(throws: TrainedRun.LoadError.invalidConfiguration(path: url.path, reason: reason)) {
                try RunConfiguration.load(fromRun: folder)
            }
        }
    }

    @Test func trainerStateReadsItsSeedExactly() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent(Checkpoint.File.trainerState)
        try Data(#"{"kmix_checkpoint": 1, "step": 4, "epoch": 0, "position": 4, "seed": 18446744073709551615, "workers": 2, "dev_accuracy": null}"#.utf8)
            .write(to: url)
        let state = try TrainerState(url: url)
        #expect(state.seed == .max && state.step == 4 && state.devAccuracy == nil)
        try Data(#"{"step": 4.0}"#.utf8).write(to: url)
        #expect(throws: CheckpointError.invalid(path: url.path, reason: "at $.step: expected a whole number that is not negative, found 4.0")) {
            try TrainerState(url: url)
        }
        try Data("{\"step\": 4\n\"epoch\": 0}".utf8).write(to: url)
        #expect(throws: CheckpointError.invalid(path: url.path, reason: "it is not valid JSON (near line 2, column 1)")) {
            try TrainerState(url: url)
        }
    }

    @Test func modelConfigurationSyntaxErrorsArePlaced() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("config.json")
        try Data("{\"model_type\": \"bert\",\n \"hidden_size\": 384.}".utf8).write(to: url)
        #expect(throws: ModelError.invalidConfiguration(path: url.path, reason: "it is not valid JSON (near line 2, column 21)")) {
            try ModelConfiguration.load(from: url)
        }
    }
}
