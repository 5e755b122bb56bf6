import Foundation

/// Writes a trained run as files the Hugging Face ecosystem loads: a PEFT LoRA
/// adapter, or a merged `BertForSequenceClassification` folder (`docs/formats.md`).
///
/// The output folder is written under a hidden temporary name beside it and
/// renamed when complete; an existing folder is never overwritten.
public enum AdapterExport {
    /// The tokenizer files copied into a merged export, when the base model has them.
    static let tokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json"]

    /// Writes `run` as a PEFT LoRA adapter (`adapter_config.json`, `adapter_model.safetensors`) into `folder`. Its
    /// `base_model_name_or_path` is `baseModel`, else the base model's hub id (`PretrainedModel.hubID`), else its
    /// folder's path.
    public static func peft(_ run: TrainedRun, to folder: URL, baseModel: String? = nil) throws {
        try checkHead(run)
        let adapters = run.adapters, weights = run.model.encoder.weights
        var tensors = SafeTensorsWriter(metadata: ["format": "pt"])
        var ranks: [(String, Int)] = []
        for layer in 0..<adapters.plan.shape.layerCount {
            let all = adapters.loraFactors(layer: layer, weights: weights)
            for projection in Projection.allCases {
                guard let factors = all[projection] else { continue }
                let module = AdapterSet.moduleName(layer: layer, projection: projection)
                ranks.append((module, factors.rank))
                let d = factors.width, p = "base_model.model." + module
                try tensors.add(p + ".lora_A.weight", shape: [factors.rank, d], floats: factors.a)
                try tensors.add(p + ".lora_B.weight", shape: [d, factors.rank], floats: factors.b)
                try tensors.add(p + ".lora_B.bias", shape: [d], floats: factors.bias)
            }
        }
        var modulesToSave = ["classifier"]
        for (name, tensor) in headTensors(adapters) {
            try tensors.add("base_model.model." + name, tensor)
            if name.hasPrefix("bert.pooler") && !modulesToSave.contains("bert.pooler.dense") { modulesToSave.append("bert.pooler.dense") }
        }
        let pattern = "{" + ranks.map { "\(JSONText.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        let defaultRank = ranks.map(\.1).max() ?? 1
        let config = """
        {
          "peft_type": "LORA",
          "task_type": "SEQ_CLS",
          "base_model_name_or_path": \(JSONText.string(baseModel ?? run.model.hubID ?? run.model.folder.path)),
          "r": \(defaultRank),
          "lora_alpha": \(defaultRank),
          "rank_pattern": \(pattern),
          "alpha_pattern": \(pattern),
          "target_modules": [\(ranks.map { JSONText.string($0.0) }.joined(separator: ", "))],
          "lora_dropout": 0.0,
          "lora_bias": true,
          "bias": "none",
          "fan_in_fan_out": false,
          "use_rslora": false,
          "use_dora": false,
          "init_lora_weights": true,
          "inference_mode": true,
          "modules_to_save": [\(modulesToSave.map(JSONText.string).joined(separator: ", "))]
        }

        """
        try writeFolder(folder, files: ["adapter_model.safetensors": tensors.encoded(), "adapter_config.json": Array(config.utf8)])
    }

    /// Folds every adapter of `run` into the frozen weights and writes a complete
    /// Hugging Face `BertForSequenceClassification` folder into `folder`.
    public static func merged(_ run: TrainedRun, to folder: URL) throws {
        try checkHead(run)
        let adapters = run.adapters
        var weights = run.model.encoder.weights.merging(adapters)
        let head = headTensors(adapters)
        if let pooler = head.first(where: { $0.name == "bert.pooler.dense.weight" }) { weights.poolerWeight = pooler.tensor }
        if let pooler = head.first(where: { $0.name == "bert.pooler.dense.bias" }) { weights.poolerBias = pooler.tensor }
        var tensors = SafeTensorsWriter(metadata: ["format": "pt"])
        for (name, tensor) in weights.huggingFaceTensors(family: .bert, prefix: "bert.") { try tensors.add(name, tensor) }
        for (name, tensor) in head where name.hasPrefix("classifier.") { try tensors.add(name, tensor) }
        var files = ["model.safetensors": tensors.encoded(), "config.json": try mergedConfiguration(run)]
        for name in tokenizerFiles {
            let url = run.model.folder.appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: url.path) { files[name] = Array(data) }
        }
        try writeFolder(folder, files: files)
    }

    /// The base model's `config.json` with the sequence-classification architecture and the run's labels, laid out as
    /// transformers writes it (its other values exactly as the base model's file has them).
    static func mergedConfiguration(_ run: TrainedRun) throws -> [UInt8] {
        let url = run.model.folder.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              var members = try? JSONNode(parsing: data).object().members else {
            throw ExportError.invalid(path: url.path, reason: "the base model's config.json cannot be read")
        }
        let names = run.configuration.labelNames
        let labels: [(key: String, value: JSONValue)] = [
            ("architectures", .array([.string("BertForSequenceClassification")])),
            ("id2label", .object(names.enumerated().map { JSONMember(key: "\($0.offset)", value: .string($0.element)) })),
            ("label2id", .object(names.enumerated().map { JSONMember(key: $0.element, value: .number(JSONNumber($0.offset))) })),
            ("problem_type", .string("single_label_classification")),
        ]
        members.removeAll { member in labels.contains { $0.key == member.key } }
        members += labels.map { JSONMember(key: $0.key, value: $0.value) }
        return Array((JSONValue.object(members).indentedText() + "\n").utf8)
    }

    /// The task head's tensors under `BertForSequenceClassification`'s names.
    static func headTensors(_ adapters: AdapterSet) -> [(name: String, tensor: Tensor)] {
        let names = ["head.classifier.weight": "classifier.weight", "head.classifier.bias": "classifier.bias",
                     "head.pooler.weight": "bert.pooler.dense.weight", "head.pooler.bias": "bert.pooler.dense.bias"]
        return adapters.store.entries.compactMap { entry in
            names[entry.name].map { ($0, adapters.store.tensor(entry.name)!) }
        }
    }

    static func checkHead(_ run: TrainedRun) throws {
        guard run.adapters.plan.taskHead == .pooler else {
            throw ExportError.unsupportedTaskHead(run: run.folder.path, head: run.adapters.plan.taskHead.rawValue)
        }
    }

    /// Writes `files` into a hidden folder beside `folder`, then renames it to `folder`.
    static func writeFolder(_ folder: URL, files: [String: [UInt8]]) throws {
        let fileManager = FileManager.default
        guard !fileManager.fileExists(atPath: folder.path) else { throw ExportError.outputExists(path: folder.path) }
        let parent = folder.deletingLastPathComponent()
        let temporary = parent.appendingPathComponent(".\(folder.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: temporary.path, reason: "creating the folder: \(FileErrorReason.of(error))")
        }
        do {
            for (name, bytes) in files.sorted(by: { $0.key < $1.key }) {
                try AtomicFile.replace(temporary.appendingPathComponent(name), with: bytes)
            }
            guard rename(temporary.path, folder.path) == 0 else {
                throw FileWriteError(path: folder.path, reason: "renaming the temporary folder: \(MappedFile.message(errno))")
            }
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
        AtomicFile.syncFolder(parent.path)
    }
}
