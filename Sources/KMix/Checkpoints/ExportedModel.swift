import Foundation

/// Reads an export back, to check that it computes what the run computes: a merged or PEFT export as a plain
/// model (a `none` plan on the folded weights), a `kmix` export as the run folder it is. Encoders read back as
/// classifiers, decoders (GPT-2) as language models.
public enum ExportedModel {
    /// A classifier for the export in `folder`: a PEFT LoRA adapter whose factors are folded into `base`'s weights,
    /// a `kmix` export (`plan.json` and `adapters.safetensors`) read as a run of `base`, or a merged model folder.
    public static func classifier(_ folder: URL, base: PretrainedModel, workers: Int = ThreadPolicy.defaultWorkers) throws
        -> KernelMixClassifier {
        if isPEFT(folder) {
            let (model, file) = try peft(folder, base: base)
            return try plain(model, file: file, prefix: "base_model.model.", workers: workers)
        }
        if isRun(folder) { return try TrainedRun.load(folder, model: base.folder.path).classifier(workers: workers) }
        let model = try PretrainedModel.load(folder: folder)
        let file = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        return try plain(model.encoder, file: file, prefix: "", workers: workers)
    }

    /// A language model for the export in `folder` of the decoder `base`, read as `classifier(_:base:workers:)`
    /// reads an encoder's export (a PEFT adapter folded, a `kmix` export as its run, a merged folder).
    public static func languageModel(_ folder: URL, base: PretrainedModel, workers: Int = ThreadPolicy.defaultWorkers)
        throws -> KernelMixLanguageModel {
        let model: Transformer
        if isPEFT(folder) {
            model = try peft(folder, base: base).model
        } else if isRun(folder) {
            let run = try TrainedRun.load(folder, model: base.folder.path)
            return try KernelMixLanguageModel(model: run.model.encoder, adapters: run.adapters, workers: workers)
        } else {
            model = try PretrainedModel.load(folder: folder).encoder
        }
        let plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(model.configuration))
        return try KernelMixLanguageModel(model: model, adapters: AdapterSet(plan: plan, labelCount: 0), workers: workers)
    }

    private static func isPEFT(_ folder: URL) -> Bool {
        FileManager.default.fileExists(atPath: folder.appendingPathComponent("adapter_config.json").path)
    }

    private static func isRun(_ folder: URL) -> Bool {
        AdapterExport.runFiles.allSatisfy { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// `base` with the PEFT adapter in `folder` folded into its weights (each module's `scaling · B A` and
    /// `scaling · bias` added to the rows it computes), its saved pooler in place of `base`'s, and the adapter's file.
    static func peft(_ folder: URL, base: PretrainedModel) throws -> (model: Transformer, file: SafeTensorsFile) {
        let names = HuggingFaceNames(family: base.configuration.family)
        let configuration = try PEFTLoRAConfiguration(url: folder.appendingPathComponent("adapter_config.json"),
                                                      family: names.family)
        let tensorsURL = folder.appendingPathComponent("adapter_model.safetensors")
        guard FileManager.default.fileExists(atPath: tensorsURL.path) else {
            throw ExportError.invalid(path: tensorsURL.path, reason: "the file is missing")
        }
        let file = try SafeTensorsFile(url: tensorsURL)
        var weights = base.encoder.weights
        let d = base.configuration.hiddenSize
        for layer in 0..<base.configuration.layerCount {
            for module in names.modules(layer: layer, hiddenSize: d) {
                let p = "base_model.model." + module.name, out = module.outputWidth
                guard let info = file.info(p + ".lora_A.weight") else { continue }
                let rank = info.shape[0]
                guard info.shape == [rank, d], file.info(p + ".lora_B.weight")?.shape == [out, rank] else {
                    throw ExportError.invalid(path: tensorsURL.path, reason: "\(p) has LoRA factors of shapes \(info.shape) "
                        + "and \(file.info(p + ".lora_B.weight")?.shape ?? []), the module needs [r, \(d)] and [\(out), r]")
                }
                let bias = file.info(p + ".lora_B.bias") == nil ? [Float](repeating: 0, count: out) : try file.floats(p + ".lora_B.bias")
                let factors = LoRAModuleFactors(rank: rank, inputWidth: d, outputWidth: out, a: try file.floats(p + ".lora_A.weight"),
                                                b: try file.floats(p + ".lora_B.weight"), bias: bias)
                let scaling = configuration.scaling(module: module.name, rank: rank)
                weights.add(factors, scaling: Float(scaling), layer: layer, module: module)
            }
        }
        let pooler = "base_model.model." + names.poolerPrefix
        if names.classifies, file.info(pooler + "weight") != nil {
            weights.poolerWeight = try file.tensor(pooler + "weight")
            weights.poolerBias = try file.tensor(pooler + "bias")
        }
        return (Transformer(configuration: base.configuration, weights: weights), file)
    }

    /// A `none`-plan classifier on `encoder` with the classifier tensors of `file` under `prefix` and the family's
    /// classifier names (`classifier.` or RoBERTa's `classifier.out_proj.`).
    static func plain(_ encoder: Transformer, file: SafeTensorsFile, prefix: String, workers: Int) throws -> KernelMixClassifier {
        let classifier = prefix + HuggingFaceNames(family: encoder.configuration.family).classifierPrefix
        guard let info = file.info(classifier + "weight"), info.shape.count == 2 else {
            throw ExportError.invalid(path: file.url.path, reason: "it has no \(classifier)weight")
        }
        let plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(encoder.configuration))
        var adapters = AdapterSet(plan: plan, labelCount: info.shape[0])
        adapters.store.set("head.classifier.weight", try file.tensor(classifier + "weight"))
        adapters.store.set("head.classifier.bias", try file.tensor(classifier + "bias"))
        return try KernelMixClassifier(encoder: encoder, adapters: adapters, workers: workers)
    }
}
