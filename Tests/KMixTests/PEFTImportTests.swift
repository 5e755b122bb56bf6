import Foundation
import KMixTestSupport
import Testing
@testable import KMix

@Suite struct PEFTImportTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-peft-import-\(UUID().uuidString)")

    /// A LoRA run (rank 4 on Q and V, trained pooler) with every tensor random and non-zero.
    func run(_ model: PretrainedModel) -> TrainedRun {
        var plan = AdapterPlan(preset: .lora(rank: 4), shape: TinyModel.shape)
        plan.taskHead = .pooler
        plan.trainPooler = true
        let weights = model.encoder.weights
        var adapters = AdapterSet(plan: plan, labelCount: 2, pooler: (weights.poolerWeight!, weights.poolerBias!))
        var generator = SeededGenerator(seed: 21)
        for i in adapters.store.values.indices { adapters.store.values[i] = Float(generator.nextNormal() * 0.5) }
        let configuration = RunConfiguration(
            model: model.folder.path, task: nil, trainFile: "train.tsv", devFile: nil, textColumn: nil, pairColumn: nil,
            labelColumn: nil, devTextColumn: nil, labelValues: ["0", "1"], labelNames: ["no", "yes"], maxLength: 16,
            maxTrainRows: nil, parameters: TrainingParameters())
        return TrainedRun(folder: folder.appendingPathComponent("run"), configuration: configuration, model: model,
                          adapters: adapters)
    }

    func logits(_ model: PretrainedModel, _ adapters: AdapterSet) throws -> [Float] {
        let batch = model.pack(["good film", "the plot is very dull and long", "not fun"])
        return try KernelMixClassifier(encoder: model.encoder, adapters: adapters, workers: 1).logits(for: batch).scalars
    }

    @Test func exportedLoRARunImportsWithTheSameTensorsAndLogits() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try TinyWorkspace.model(), trained = run(model)
        let export = folder.appendingPathComponent("peft")
        try AdapterExport.peft(trained, to: export)
        let imported = try PEFTImport.adapters(from: export, model: model)
        #expect(imported.plan.encoded() == trained.adapters.plan.encoded())
        #expect(imported.store.values == trained.adapters.store.values, "scaling 1: bit-identical tensors")
        let difference = zip(try logits(model, trained.adapters), try logits(model, imported)).map { abs($0 - $1) }.max()!
        #expect(difference <= 1e-5, "logits differ by \(difference)")

        let runFolder = folder.appendingPathComponent("imported")
        try PEFTImport.writeRun(imported, source: export, model: model, to: runFolder)
        let files = try FileManager.default.contentsOfDirectory(atPath: runFolder.path).sorted()
        #expect(files == ["adapters.safetensors", "config.json", "plan.json"])
        #expect(throws: ExportError.outputExists(path: runFolder.path)) {
            try PEFTImport.writeRun(imported, source: export, model: model, to: runFolder)
        }
    }

    /// The run's adapter with `config` as its `adapter_config.json`, imported; also the logits of
    /// ``ExportedModel``'s independent reading (α/r folded into B) and of the import.
    func imported(with config: [String: Any]) throws -> (adapters: AdapterSet, trained: AdapterSet, folded: [Float], found: [Float]) {
        let model = try TinyWorkspace.model(), trained = run(model)
        let export = folder.appendingPathComponent("peft")
        try AdapterExport.peft(trained, to: export)
        try JSONSerialization.data(withJSONObject: config).write(to: export.appendingPathComponent("adapter_config.json"))
        let imported = try PEFTImport.adapters(from: export, model: model)
        let batch = model.pack(["good film", "the plot is very dull and long", "not fun"])
        let folded = try ExportedModel.classifier(export, base: model, workers: 1).logits(for: batch).scalars
        return (imported, trained.adapters, folded, try logits(model, imported))
    }

    /// An adapter as PEFT makes one (r 4, α 8, short target names, no patterns, no LoRA bias): α becomes
    /// the plan's `lora_alpha` (B as stored), and the logits match ``ExportedModel``'s folding.
    @Test func oneAlphaBecomesThePlansLoraAlpha() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let config: [String: Any] = ["peft_type": "LORA", "task_type": "SEQ_CLS", "r": 4, "lora_alpha": 8,
                                     "target_modules": ["query", "value"], "modules_to_save": ["classifier"]]
        let result = try imported(with: config)
        #expect(result.adapters.plan.loraAlpha == 8)
        #expect(result.adapters.plan.encoded().contains("\"lora_alpha\": 8.0,"))
        let b = "layers.1.v.shared.B"
        #expect(result.adapters.store.tensor(b)!.scalars == result.trained.store.tensor(b)!.scalars)
        let difference = zip(result.folded, result.found).map { abs($0 - $1) }.max()!
        #expect(difference <= 1e-5, "logits differ by \(difference)")
    }

    /// Per-module alphas cannot be one plan setting: each α/r is folded into its module's B.
    @Test func alphaPatternsAreFoldedIntoB() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let config: [String: Any] = ["peft_type": "LORA", "task_type": "SEQ_CLS", "r": 4, "lora_alpha": 8,
                                     "alpha_pattern": ["value": 16], "target_modules": ["query", "value"],
                                     "modules_to_save": ["classifier"]]
        let result = try imported(with: config)
        #expect(result.adapters.plan.loraAlpha == nil)
        for (name, factor) in [("layers.1.v.shared.B", Float(4)), ("layers.1.q.shared.B", 2)] {
            #expect(result.adapters.store.tensor(name)!.scalars == result.trained.store.tensor(name)!.scalars.map { $0 * factor })
        }
        let difference = zip(result.folded, result.found).map { abs($0 - $1) }.max()!
        #expect(difference <= 1e-5, "logits differ by \(difference)")
    }

    @Test func otherTargetModulesAreNamed() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try TinyWorkspace.model()
        let export = folder.appendingPathComponent("peft")
        try AdapterExport.peft(run(model), to: export)
        let config: [String: Any] = ["peft_type": "LORA", "r": 4, "lora_alpha": 8,
                                     "target_modules": ["query", "key", "value", "dense"]]
        let url = export.appendingPathComponent("adapter_config.json")
        try JSONSerialization.data(withJSONObject: config).write(to: url)
        #expect(throws: ExportError.invalid(path: url.path, reason: "target_modules has dense, key; kmix imports LoRA on query and value only")) {
            _ = try PEFTImport.adapters(from: export, model: model)
        }
    }

    @Test(arguments: [("0", "lora_alpha is 0.0"), ("-8", "lora_alpha is -8.0"), ("1e-320", "lora_alpha is 1e-320"),
                      ("1e39", "lora_alpha is 1e+39")])
    func anAlphaFloat32CannotScaleByIsRefused(alpha: String, fragment: String) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-peft-alpha-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try TinyWorkspace.model()
        let export = folder.appendingPathComponent("peft")
        try AdapterExport.peft(run(model), to: export)
        let url = export.appendingPathComponent("adapter_config.json")
        try Data(#"{"peft_type": "LORA", "r": 4, "lora_alpha": \#(alpha), "target_modules": ["query", "value"]}"#.utf8).write(to: url)
        do {
            _ = try PEFTImport.adapters(from: export, model: model)
            Issue.record("lora_alpha \(alpha) was accepted")
        } catch {
            #expect("\(error)".contains(url.path) && "\(error)".contains(fragment), "\(error)")
        }
    }
}
