import Foundation

/// Reads an export back as a classifier, to check that it computes what the run
/// computes: a merged or PEFT export as a plain classifier (a `none` plan on the
/// folded weights), a `kmix` export as the run folder it is.
public enum ExportedModel {
    /// A classifier for the export in `folder`: a PEFT LoRA adapter whose factors are folded into `base`'s weights,
    /// a `kmix` export (`plan.json` and `adapters.safetensors`) read as a run of `base`, or a merged model folder.
    public static func classifier(_ folder: URL, base: PretrainedModel, workers: Int = ThreadPolicy.defaultWorkers) throws
        -> KernelMixClassifier {
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: folder.appendingPathComponent("adapter_config.json").path) {
            return try peft(folder, base: base, workers: workers)
        }
        if AdapterExport.runFiles.allSatisfy({ fileManager.fileExists(atPath: folder.appendingPathComponent($0).path) }) {
            return try TrainedRun.load(folder, model: base.folder.path).classifier(workers: workers)
        }
        let model = try PretrainedModel.load(folder: folder)
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        return try plain(model.encoder, file: file, prefix: "", workers: workers)
    }

    static func peft(_ folder: URL, base: PretrainedModel, workers: Int) throws -> KernelMixClassifier {
        let configuration = try PEFTLoRAConfiguration(url: folder.appendingPathComponent("adapter_config.json"))
        let tensorsURL = folder.appendingPathComponent("adapter_model.safetensors")
        guard FileManager.default.fileExists(atPath: tensorsURL.path) else {
            throw ExportError.invalid(path: tensorsURL.path, reason: "the file is missing")
        }
        let file = try SafeTensorsFile(url: tensorsURL)
        var weights = base.encoder.weights
        let d = base.configuration.hiddenSize
        for layer in 0..<base.configuration.layerCount {
            for projection in Projection.allCases {
                let module = AdapterSet.moduleName(layer: layer, projection: projection)
                let p = "base_model.model." + module
                guard let info = file.info(p + ".lora_A.weight") else { continue }
                let rank = info.shape[0]
                guard info.shape == [rank, d], file.info(p + ".lora_B.weight")?.shape == [d, rank] else {
                    throw ExportError.invalid(path: tensorsURL.path, reason: "\(p) has LoRA factors of the wrong shape")
                }
                let bias = file.info(p + ".lora_B.bias") == nil ? [Float](repeating: 0, count: d) : try file.floats(p + ".lora_B.bias")
                let factors = LoRAFactors(rank: rank, width: d, a: try file.floats(p + ".lora_A.weight"),
                                          b: try file.floats(p + ".lora_B.weight"), bias: bias)
                let scaling = configuration.scaling(module: module, rank: rank)
                weights.add(factors, scaling: Float(scaling), layer: layer, projection: projection)
            }
        }
        if file.info("base_model.model.bert.pooler.dense.weight") != nil {
            weights.poolerWeight = try file.tensor("base_model.model.bert.pooler.dense.weight")
            weights.poolerBias = try file.tensor("base_model.model.bert.pooler.dense.bias")
        }
        return try plain(Transformer(configuration: base.configuration, weights: weights), file: file,
                         prefix: "base_model.model.", workers: workers)
    }

    /// A `none`-plan classifier on `encoder` with the classifier tensors `prefix + classifier.*` of `file`.
    static func plain(_ encoder: Transformer, file: SafeTensorsFile, prefix: String, workers: Int) throws -> KernelMixClassifier {
        guard let info = file.info(prefix + "classifier.weight"), info.shape.count == 2 else {
            throw ExportError.invalid(path: file.url.path, reason: "it has no \(prefix)classifier.weight")
        }
        let plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(encoder.configuration))
        var adapters = AdapterSet(plan: plan, labelCount: info.shape[0])
        adapters.store.set("head.classifier.weight", try file.tensor(prefix + "classifier.weight"))
        adapters.store.set("head.classifier.bias", try file.tensor(prefix + "classifier.bias"))
        return try KernelMixClassifier(encoder: encoder, adapters: adapters, workers: workers)
    }
}
