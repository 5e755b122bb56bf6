import Foundation

/// Writes a trained run as files the Hugging Face ecosystem loads: a PEFT LoRA adapter, or a merged model folder
/// (`BertForSequenceClassification`, `RobertaForSequenceClassification` or `GPT2LMHeadModel`, by the base model's
/// family; `docs/formats.md`).
///
/// The output folder is written under a hidden temporary name beside it and
/// renamed when complete; an existing folder is never overwritten.
public enum AdapterExport {
    /// The tokenizer files copied into a merged export, when the base model has them.
    static let tokenizerFiles = ["tokenizer.json", "tokenizer_config.json", "vocab.txt", "special_tokens_map.json",
                                 "vocab.json", "merges.txt"]

    /// Writes `run` as a PEFT LoRA adapter (`adapter_config.json`, `adapter_model.safetensors`) into `folder`. Its
    /// `base_model_name_or_path` is `baseModel`, else the base model's hub id (`PretrainedModel.hubID`), else its
    /// folder's path.
    public static func peft(_ run: TrainedRun, to folder: URL, baseModel: String? = nil) throws {
        try checkHead(run)
        let names = HuggingFaceNames(family: run.model.configuration.family)
        let adapters = run.adapters, weights = run.model.encoder.weights, d = run.model.configuration.hiddenSize
        var tensors = SafeTensorsWriter(metadata: ["format": "pt"])
        var ranks: [(String, Int)] = []
        for layer in 0..<adapters.plan.shape.layerCount {
            let all = adapters.loraFactors(layer: layer, weights: weights)
            for module in names.modules(layer: layer, hiddenSize: d) {
                guard let factors = LoRAModuleFactors(module, factors: all) else { continue }
                ranks.append((module.name, factors.rank))
                let p = "base_model.model." + module.name
                try tensors.add(p + ".lora_A.weight", shape: [factors.rank, factors.inputWidth], floats: factors.a)
                try tensors.add(p + ".lora_B.weight", shape: [factors.outputWidth, factors.rank], floats: factors.b)
                try tensors.add(p + ".lora_B.bias", shape: [factors.outputWidth], floats: factors.bias)
            }
        }
        for (name, tensor) in headTensors(run, names: names) { try tensors.add("base_model.model." + name, tensor) }
        let pattern = "{" + ranks.map { "\(JSONText.string($0.0)): \($0.1)" }.joined(separator: ", ") + "}"
        let defaultRank = ranks.map(\.1).max() ?? 1
        let modulesToSave = names.modulesToSave(trainedPooler: adapters.store.entry("head.pooler.weight") != nil)
            .map { "[" + $0.map(JSONText.string).joined(separator: ", ") + "]" } ?? "null"
        let config = """
        {
          "peft_type": "LORA",
          "task_type": \(JSONText.string(names.taskType)),
          "base_model_name_or_path": \(JSONText.string(baseModel ?? run.model.hubID ?? run.model.folder.path)),
          "r": \(defaultRank),
          "lora_alpha": \(defaultRank),
          "rank_pattern": \(pattern),
          "alpha_pattern": \(pattern),
          "target_modules": [\(ranks.map { JSONText.string($0.0) }.joined(separator: ", "))],
          "lora_dropout": 0.0,
          "lora_bias": true,
          "bias": "none",
          "fan_in_fan_out": \(names.fanInFanOut),
          "use_rslora": false,
          "use_dora": false,
          "init_lora_weights": true,
          "inference_mode": true,
          "modules_to_save": \(modulesToSave)
        }

        """
        try writeFolder(folder, files: ["adapter_model.safetensors": tensors.encoded(), "adapter_config.json": Array(config.utf8)])
    }

    /// Folds every adapter of `run` into the frozen weights and writes a complete Hugging Face folder of the base
    /// model's family (`HuggingFaceNames.architecture`) into `folder`.
    public static func merged(_ run: TrainedRun, to folder: URL) throws {
        try checkHead(run)
        let names = HuggingFaceNames(family: run.model.configuration.family)
        let adapters = run.adapters
        var weights = run.model.encoder.weights.merging(adapters)
        let head = headTensors(run, names: names)
        if !names.poolerIsInClassifier {
            if let pooler = head.first(where: { $0.name == names.poolerPrefix + "weight" }) { weights.poolerWeight = pooler.tensor }
            if let pooler = head.first(where: { $0.name == names.poolerPrefix + "bias" }) { weights.poolerBias = pooler.tensor }
        }
        var tensors = SafeTensorsWriter(metadata: ["format": "pt"])
        for (name, tensor) in weights.huggingFaceTensors(family: names.family, prefix: names.modelPrefix) {
            try tensors.add(name, tensor)
        }
        for (name, tensor) in head where name.hasPrefix("classifier.") { try tensors.add(name, tensor) }
        var files = ["model.safetensors": tensors.encoded(), "config.json": try mergedConfiguration(run, names: names)]
        for name in tokenizerFiles {
            let url = run.model.folder.appendingPathComponent(name)
            if let data = FileManager.default.contents(atPath: url.path) { files[name] = Array(data) }
        }
        try writeFolder(folder, files: files)
    }

    /// The base model's `config.json` with the export's architecture and, for a classifier, the run's labels, laid
    /// out as transformers writes it (its other values exactly as the base model's file has them).
    static func mergedConfiguration(_ run: TrainedRun, names: HuggingFaceNames) throws -> [UInt8] {
        let url = run.model.folder.appendingPathComponent("config.json")
        guard let data = FileManager.default.contents(atPath: url.path),
              var members = try? JSONNode(parsing: data).object().members else {
            throw ExportError.invalid(path: url.path, reason: "the base model's config.json cannot be read")
        }
        let labels = run.configuration.labelNames
        var replaced: [(key: String, value: JSONValue)] = [("architectures", .array([.string(names.architecture)]))]
        if names.classifies {
            replaced += [
                ("id2label", .object(labels.enumerated().map { JSONMember(key: "\($0.offset)", value: .string($0.element)) })),
                ("label2id", .object(labels.enumerated().map { JSONMember(key: $0.element, value: .number(JSONNumber($0.offset))) })),
                ("problem_type", .string("single_label_classification")),
            ]
        }
        members.removeAll { member in replaced.contains { $0.key == member.key } }
        members += replaced.map { JSONMember(key: $0.key, value: $0.value) }
        return Array((JSONValue.object(members).indentedText() + "\n").utf8)
    }

    /// The task head's tensors under the family's names (`HuggingFaceNames`): the classifier, and the pooler when
    /// the plan trains it or (RoBERTa) it belongs to the classifier module; none for a decoder.
    static func headTensors(_ run: TrainedRun, names: HuggingFaceNames) -> [(name: String, tensor: Tensor)] {
        guard names.classifies else { return [] }
        let store = run.adapters.store, weights = run.model.encoder.weights
        var result: [(name: String, tensor: Tensor)] = []
        for part in ["weight", "bias"] {
            result.append((names.classifierPrefix + part, store.tensor("head.classifier." + part)!))
        }
        let trained = store.tensor("head.pooler.weight").map { ($0, store.tensor("head.pooler.bias")!) }
        let frozen = names.poolerIsInClassifier ? weights.poolerWeight.map { ($0, weights.poolerBias!) } : nil
        if let (weight, bias) = trained ?? frozen {
            result += [(names.poolerPrefix + "weight", weight), (names.poolerPrefix + "bias", bias)]
        }
        return result
    }

    /// Refuses a classifier run whose task head is not the `pooler` head, the one the Hugging Face sequence
    /// classifiers have (a decoder's run has no task head to check).
    static func checkHead(_ run: TrainedRun) throws {
        let family = run.model.configuration.family
        guard family.isDecoder || run.adapters.plan.taskHead == .pooler else {
            throw ExportError.unsupportedTaskHead(run: run.folder.path, head: run.adapters.plan.taskHead.rawValue,
                                                  architecture: HuggingFaceNames(family: family).architecture)
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
