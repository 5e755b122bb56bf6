import Foundation

/// Reads a PEFT LoRA adapter of a `BertForSequenceClassification` or `RobertaForSequenceClassification`
/// (`adapter_config.json`, `adapter_model.safetensors`) as kmix adapters: a
/// LoRA plan whose shared Q and V ranks are the modules' ranks, and the
/// classifier (and pooler) saved through `modules_to_save` as the `pooler` task
/// head (names as `HuggingFaceNames` gives them). One `lora_alpha` for every module becomes the plan's `loraAlpha`, so
/// that training goes on as in PEFT; per-module alphas (`alpha_pattern`) and
/// rsLoRA's α/√r are folded into each module's B.
public enum PEFTImport {
    /// The adapter in `folder` as adapters for `model`.
    public static func adapters(from folder: URL, model: PretrainedModel) throws -> AdapterSet {
        let names = HuggingFaceNames(family: model.configuration.family)
        guard names.classifies else {
            throw ExportError.invalid(path: folder.path, reason: "its base model is a \(names.family.displayName) decoder; "
                + "kmix imports PEFT adapters of BERT and RoBERTa sequence classifiers")
        }
        let configuration = try PEFTLoRAConfiguration(url: folder.appendingPathComponent("adapter_config.json"),
                                                      family: names.family)
        let others = (configuration.targets ?? []).filter { !PEFTLoRAConfiguration.isQueryOrValue($0) }.sorted()
        guard others.isEmpty else {
            throw ExportError.invalid(path: configuration.path, reason: "target_modules has \(others.joined(separator: ", ")); "
                + "kmix imports LoRA on query and value only")
        }
        let tensorsURL = folder.appendingPathComponent("adapter_model.safetensors")
        guard FileManager.default.fileExists(atPath: tensorsURL.path) else {
            throw ExportError.invalid(path: tensorsURL.path, reason: "the file is missing")
        }
        let file = try SafeTensorsFile(url: tensorsURL)
        let shape = AdapterPlan.ModelShape(model.configuration), d = shape.hiddenSize, prefix = "base_model.model."
        var plan = AdapterPlan(preset: .none, shape: shape)
        plan.initialization = .lora
        plan.taskHead = .pooler
        plan.trainPooler = file.info(prefix + names.poolerPrefix + "weight") != nil
        let keepsAlpha = configuration.alphaPattern.isEmpty && !configuration.rsLoRA
        if keepsAlpha { plan.loraAlpha = Float(configuration.alpha) }
        var factors: [(name: String, a: Tensor, b: Tensor)] = []
        var read: Set<String> = []
        for layer in 0..<shape.layerCount {
            for module in names.modules(layer: layer, hiddenSize: d) {
                guard let projection = module.parts.first?.projection, projection != .output else { continue }
                let p = prefix + module.name
                guard let a = file.info(p + ".lora_A.weight") else { continue }
                let rank = a.shape.first ?? 0, b = file.info(p + ".lora_B.weight")
                guard rank > 0, a.shape == [rank, d], b?.shape == [d, rank] else {
                    throw ExportError.invalid(path: tensorsURL.path, reason: "\(module.name) has LoRA factors of shapes "
                        + "\(a.shape) and \(b?.shape ?? []), hidden size \(d) needs [r, \(d)] and [\(d), r]")
                }
                if file.info(p + ".lora_B.bias") != nil, try file.floats(p + ".lora_B.bias").contains(where: { $0 != 0 }) {
                    throw ExportError.invalid(path: tensorsURL.path, reason: "\(module.name) has a non-zero lora_B.bias, "
                        + "which a kmix LoRA plan cannot hold")
                }
                guard configuration.rank(module: module.name) == rank else {
                    throw ExportError.invalid(path: configuration.path, reason: "it gives \(module.name) rank "
                        + "\(configuration.rank(module: module.name)), but its LoRA factors have rank \(rank)")
                }
                let scaling = keepsAlpha ? 1 : Float(configuration.scaling(module: module.name, rank: rank))
                let name = "layers.\(layer).\(projection.rawValue).shared."
                plan.layers[layer].shared[projection] = rank
                factors.append((name, try file.tensor(p + ".lora_A.weight"),
                                Tensor(shape: [d, rank], scalars: try file.floats(p + ".lora_B.weight").map { $0 * scaling })))
                read.formUnion([p + ".lora_A.weight", p + ".lora_B.weight", p + ".lora_B.bias"])
            }
        }
        if let other = file.tensorNames.sorted().first(where: { $0.contains(".lora_") && !read.contains($0) }) {
            throw ExportError.invalid(path: tensorsURL.path, reason: "it adapts \(other), but kmix imports LoRA "
                + "on the attention query and value of encoder layers only")
        }
        let classifierName = names.classifierPrefix, poolerName = names.poolerPrefix
        guard let classifier = file.info(prefix + classifierName + "weight"), classifier.shape.count == 2,
              classifier.shape[1] == d, file.info(prefix + classifierName + "bias")?.shape == [classifier.shape[0]] else {
            throw ExportError.invalid(path: tensorsURL.path, reason: "it has no \(classifierName)weight [labels, \(d)] and "
                + "\(classifierName)bias; save the adapter with modules_to_save=[\"classifier\"]")
        }
        // The pooler's place in the store; the saved pooler fills it below, its shape checked.
        let pooler = (Tensor(shape: [d, d], scalars: [Float](repeating: 0, count: d * d)),
                      Tensor(shape: [d], scalars: [Float](repeating: 0, count: d)))
        var adapters = AdapterSet(plan: plan, labelCount: classifier.shape[0], pooler: pooler)
        for factor in factors {
            adapters.store.set(factor.name + "A", factor.a)
            adapters.store.set(factor.name + "B", factor.b)
        }
        var head = ["head.classifier.weight": classifierName + "weight", "head.classifier.bias": classifierName + "bias"]
        if plan.trainPooler {
            head["head.pooler.weight"] = poolerName + "weight"
            head["head.pooler.bias"] = poolerName + "bias"
        }
        for (name, source) in head {
            let tensor = try file.tensor(prefix + source)
            guard tensor.shape == adapters.store.entry(name)?.shape else {
                throw ExportError.invalid(path: tensorsURL.path, reason: "\(source) has shape \(tensor.shape), "
                    + "the model needs \(adapters.store.entry(name)?.shape ?? [])")
            }
            adapters.store.set(name, tensor)
        }
        return adapters
    }

    /// Writes `adapters`, imported from `source` for `model`, as a run folder `folder` (`plan.json`,
    /// `config.json`, `adapters.safetensors`) that `kmix eval`, `predict` and `export` read.
    /// Labels are `0`…`n-1`; the training file recorded is `source`. The folder must not exist.
    public static func writeRun(_ adapters: AdapterSet, source: URL, model: PretrainedModel, to folder: URL) throws {
        let labels = (0..<adapters.labelCount).map { "\($0)" }
        let configuration = RunConfiguration(
            model: model.folder.path, task: nil, trainFile: source.path, devFile: nil, textColumn: nil, pairColumn: nil,
            labelColumn: nil, devTextColumn: nil, labelValues: labels, labelNames: labels,
            maxLength: model.configuration.maxPositions, maxTrainRows: nil, parameters: TrainingParameters())
        try AdapterExport.writeFolder(folder, files: [
            "plan.json": Array(adapters.plan.encoded().utf8), "config.json": Array(try configuration.encoded()),
            "adapters.safetensors": try adapters.safetensors(step: 0).encoded(),
        ])
    }
}
