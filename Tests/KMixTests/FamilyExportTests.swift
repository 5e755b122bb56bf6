import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// PEFT and merged exports of RoBERTa and GPT-2 runs on the family fixtures: their names and layouts
/// (`HuggingFaceNames`), and the exports read back by kmix (`ExportedModel`, `PEFTImport`) computing the run's logits.
/// (transformers' side: `scripts/verify_exports.py`, `docs/formats.md`.)
@Suite struct FamilyExportTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-family-export-\(UUID().uuidString)")
    static let texts = ["a gripping, funny film", "the plot is very dull and far too long", "not fun at all"]

    func adapterConfig(_ export: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: export.appendingPathComponent("adapter_config.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    @Test(arguments: [false, true])
    func robertaExportsUseItsNamesAndGiveTheRunsLogits(trainPooler: Bool) throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try FamilyModels.model("tiny-roberta")
        let plan = FamilyModels.raggedPlan(AdapterPlan.ModelShape(model.configuration), trainPooler: trainPooler)
        let run = FamilyModels.run(model, plan: plan, in: folder)
        let peft = folder.appendingPathComponent("peft"), merged = folder.appendingPathComponent("merged")
        try AdapterExport.peft(run, to: peft)
        try AdapterExport.merged(run, to: merged)

        let config = try adapterConfig(peft)
        #expect(config["task_type"] as? String == "SEQ_CLS")
        #expect(config["modules_to_save"] as? [String] == ["classifier"])
        #expect(config["fan_in_fan_out"] as? Bool == false)
        #expect((config["target_modules"] as? [String])?.first == "roberta.encoder.layer.0.attention.self.query")
        let adapter = try SafeTensorsFile(url: peft.appendingPathComponent("adapter_model.safetensors"))
        let head = ["classifier.dense.bias", "classifier.dense.weight", "classifier.out_proj.bias", "classifier.out_proj.weight"]
        #expect(adapter.tensorNames.filter { !$0.contains(".lora_") }.sorted() == head.map { "base_model.model." + $0 })
        #expect(adapter.info("base_model.model.roberta.encoder.layer.1.attention.output.dense.lora_B.bias") != nil)

        let weights = try SafeTensorsFile(url: merged.appendingPathComponent("model.safetensors"))
        #expect(weights.tensorNames.filter { !$0.hasPrefix("roberta.") }.sorted() == head)
        #expect(!weights.tensorNames.contains { $0.contains("pooler") }, "RobertaForSequenceClassification has no pooler")
        let mergedConfig = try String(contentsOf: merged.appendingPathComponent("config.json"), encoding: .utf8)
        #expect(mergedConfig.contains("\"RobertaForSequenceClassification\""))
        #expect(mergedConfig.contains("\"2\": \"pos\""))

        let batch = model.pack(Self.texts)
        let expected = try run.classifier(workers: 1).logits(for: batch).scalars
        let base = try ExportedModel.classifier(peft, base: model, workers: 1)
        let unadapted = try KernelMixClassifier(encoder: model.encoder, adapters: base.adapters, workers: 1)
        #expect(FamilyModels.difference(expected, unadapted.logits(for: batch).scalars) > 1e-2, "the adapters matter")
        for export in [peft, merged] {
            let found = try ExportedModel.classifier(export, base: model, workers: 1).logits(for: batch).scalars
            let difference = FamilyModels.difference(expected, found)
            #expect(difference < 1e-5, "\(export.lastPathComponent): \(difference)")
        }
    }

    /// A LoRA run of a RoBERTa exported to PEFT imports as the same plan, tensors and logits.
    @Test func robertaLoRAExportImportsBack() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try FamilyModels.model("tiny-roberta")
        var plan = AdapterPlan(preset: .lora(rank: 4), shape: AdapterPlan.ModelShape(model.configuration))
        plan.taskHead = .pooler
        plan.trainPooler = true
        let run = FamilyModels.run(model, plan: plan, in: folder)
        let peft = folder.appendingPathComponent("peft")
        try AdapterExport.peft(run, to: peft)
        let imported = try PEFTImport.adapters(from: peft, model: model)
        #expect(imported.plan.encoded() == run.adapters.plan.encoded())
        #expect(imported.store.values == run.adapters.store.values)
    }

    @Test func gpt2PEFTPutsQueryAndValueOnTheFusedAttention() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try FamilyModels.model("tiny-gpt2"), d = model.configuration.hiddenSize
        let plan = FamilyModels.raggedPlan(AdapterPlan.ModelShape(model.configuration), trainPooler: false)
        let run = FamilyModels.run(model, plan: plan, in: folder)
        let peft = folder.appendingPathComponent("peft")
        try AdapterExport.peft(run, to: peft)
        let config = try adapterConfig(peft)
        #expect(config["task_type"] as? String == "CAUSAL_LM")
        #expect(config["fan_in_fan_out"] as? Bool == true)
        #expect(config["modules_to_save"] is NSNull)
        let layers = 0..<model.configuration.layerCount
        #expect(config["target_modules"] as? [String] == layers.flatMap {
            ["transformer.h.\($0).attn.c_attn", "transformer.h.\($0).attn.c_proj"]
        })
        let file = try SafeTensorsFile(url: peft.appendingPathComponent("adapter_model.safetensors"))
        for layer in layers {
            // One module of rank R_q + R_v: Q's columns first, then V's; no key rows.
            let ranks = plan.layers[layer].heads.map { $0.reduce(0, +) }, shared = plan.layers[layer].shared
            let q = ranks.query + shared.query, r = q + ranks.value + shared.value
            let p = "base_model.model.transformer.h.\(layer).attn.c_attn."
            #expect((config["rank_pattern"] as? [String: Int])?["transformer.h.\(layer).attn.c_attn"] == r)
            #expect(file.info(p + "lora_A.weight")?.shape == [r, d])
            #expect(file.info(p + "lora_B.weight")?.shape == [3 * d, r])
            let b = try file.floats(p + "lora_B.weight"), bias = try file.floats(p + "lora_B.bias")
            #expect(b[(d * r)..<(2 * d * r)].allSatisfy { $0 == 0 } && bias[d..<(2 * d)].allSatisfy { $0 == 0 }, "key rows")
            #expect(b[0..<(d * r)].enumerated().allSatisfy { $0.offset % r < q || $0.element == 0 }, "Q rows: Q's columns")
            #expect(b[(2 * d * r)...].enumerated().allSatisfy { $0.offset % r >= q || $0.element == 0 }, "V rows: V's columns")
            #expect(b[0..<(d * r)].contains { $0 != 0 } == (q > 0) && b[(2 * d * r)...].contains { $0 != 0 })
        }
        #expect(!file.tensorNames.contains { !$0.contains(".lora_") }, "no task head")
        let refusal = "its base model is a GPT-2 decoder; kmix imports PEFT adapters of BERT and RoBERTa sequence classifiers"
        #expect(throws: ExportError.invalid(path: peft.path, reason: refusal)) { try PEFTImport.adapters(from: peft, model: model) }
    }

    @Test func gpt2ExportsGiveTheRunsLogitsAndGreedyTokens() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try FamilyModels.model("tiny-gpt2"), d = model.configuration.hiddenSize
        let run = FamilyModels.run(model, plan: FamilyModels.raggedPlan(AdapterPlan.ModelShape(model.configuration),
                                                                        trainPooler: false), in: folder)
        let peft = folder.appendingPathComponent("peft"), merged = folder.appendingPathComponent("merged")
        try AdapterExport.peft(run, to: peft)
        try AdapterExport.merged(run, to: merged)

        let weights = try SafeTensorsFile(url: merged.appendingPathComponent("model.safetensors"))
        #expect(weights.tensorNames.allSatisfy { $0.hasPrefix("transformer.") }, "the head is tied: no lm_head")
        #expect(weights.info("transformer.h.1.attn.c_attn.weight")?.shape == [d, 3 * d], "Conv1D: input × output")
        let mergedConfig = try String(contentsOf: merged.appendingPathComponent("config.json"), encoding: .utf8)
        #expect(mergedConfig.contains("\"GPT2LMHeadModel\""))
        #expect(!mergedConfig.contains("id2label"))

        let batch = model.pack(Self.texts)
        let adapted = try KernelMixLanguageModel(model: model.encoder, adapters: run.adapters, workers: 1)
        let expected = adapted.logits(for: batch).scalars
        let plain = try KernelMixLanguageModel(model: model.encoder, adapters: AdapterSet(
            plan: AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(model.configuration)), labelCount: 0), workers: 1)
        #expect(FamilyModels.difference(expected, plain.logits(for: batch).scalars) > 1e-2, "the adapters matter")
        for export in [peft, merged] {
            let exported = try ExportedModel.languageModel(export, base: model, workers: 1)
            let difference = FamilyModels.difference(expected, exported.logits(for: batch).scalars)
            #expect(difference < 1e-4, "\(export.lastPathComponent): \(difference)")
            for text in Self.texts {
                let prompt = model.tokenizer.encode(text).ids
                #expect(exported.greedyContinuation(of: prompt, count: 16) == adapted.greedyContinuation(of: prompt, count: 16))
            }
        }
    }

    /// The logits `KernelMixLanguageModel.logits` gives are the ones its loss is the cross-entropy of.
    @Test func languageModelLogitsGiveItsLoss() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let model = try FamilyModels.model("tiny-gpt2")
        let run = FamilyModels.run(model, plan: FamilyModels.raggedPlan(AdapterPlan.ModelShape(model.configuration),
                                                                        trainPooler: false), in: folder)
        let adapted = try KernelMixLanguageModel(model: model.encoder, adapters: run.adapters, workers: 2)
        let batch = PackedBatch(sequences: [[1, 5, 7, 9, 2], [3], [4, 4, 8, 6, 2, 11, 2, 13]])
        let logits = adapted.logits(for: batch).scalars, v = model.configuration.vocabularySize
        var total = 0.0, predicted = 0
        for sequence in 0..<batch.count {
            for t in 0..<max(batch.lengths[sequence] - 1, 0) {
                let row = (batch.offsets[sequence] + t) * v, target = Int(batch.tokenIDs[batch.offsets[sequence] + t + 1])
                let scores = logits[row..<(row + v)].map(Double.init), top = scores.max()!
                total += log(scores.map { exp($0 - top) }.reduce(0, +)) + top - scores[target]
                predicted += 1
            }
        }
        let loss = adapted.lossAndGradient(batch: batch, dropout: nil).loss
        #expect(abs(Double(loss) - total / Double(predicted)) < 1e-5)
    }
}
