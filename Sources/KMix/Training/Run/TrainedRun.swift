import Foundation

/// A finished (or saved) run read back from its folder: `config.json`,
/// `plan.json` and `adapters.safetensors`.
public struct TrainedRun: Sendable {
    /// The run folder.
    public let folder: URL
    /// Its configuration.
    public let configuration: RunConfiguration
    /// The model it adapts.
    public let model: PretrainedModel
    /// The trained adapters and task head.
    public let adapters: AdapterSet

    /// Why a run folder cannot be used.
    public enum LoadError: Error, Equatable, CustomStringConvertible {
        case missingFile(folder: String, file: String)
        case invalidConfiguration(path: String, reason: String)
        case tensorMismatch(path: String, tensor: String, reason: String)
        /// A model given in place of the run's is not the one its checkpoints were trained on.
        case otherBaseModel(model: String, checkpoint: String)

        public var description: String {
            switch self {
            case let .missingFile(folder, file):
                return "the run folder \(folder) has no \(file): is it a kmix run that finished or saved?"
            case let .invalidConfiguration(path, reason):
                return "\(path) is not a kmix run configuration: \(reason)"
            case let .tensorMismatch(path, tensor, reason):
                return "\(path): tensor '\(tensor)' \(reason); the adapters do not belong to this run's plan"
            case let .otherBaseModel(model, checkpoint):
                return "\(model) is not the base model the run was trained on (its weights' hash differs from the one "
                    + "\(checkpoint) records); name the same model"
            }
        }
    }

    /// Reads the run in `folder`; `model` overrides the model folder its configuration names (a run trained on another
    /// machine), and is refused when the run's newest checkpoint records another base model.
    public static func load(_ folder: URL, model reference: String? = nil) throws -> TrainedRun {
        func file(_ name: String) throws -> URL {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw LoadError.missingFile(folder: folder.path, file: name)
            }
            return url
        }
        let configuration = try RunConfiguration.load(fromRun: folder)
        let model = try PretrainedModel.load(reference ?? configuration.model)
        if let reference { try checkBaseModel(model, named: reference, folder: folder, runID: configuration.runID) }
        let plan = try AdapterPlan.load(from: try file("plan.json"), for: AdapterPlan.ModelShape(model.configuration))
        let weights = model.encoder.weights
        var adapters = AdapterSet(plan: plan, labelCount: configuration.labelValues.count,
                                  pooler: weights.poolerWeight.map { ($0, weights.poolerBias!) })
        let tensorsURL = try file("adapters.safetensors")
        let tensors = try SafeTensorsFile(url: tensorsURL)
        for entry in adapters.store.entries {
            guard let info = tensors.info(entry.name) else {
                throw LoadError.tensorMismatch(path: tensorsURL.path, tensor: entry.name, reason: "is missing")
            }
            guard info.shape == entry.shape else {
                throw LoadError.tensorMismatch(path: tensorsURL.path, tensor: entry.name,
                                               reason: "has shape \(info.shape), the plan needs \(entry.shape)")
            }
            adapters.store.set(entry.name, try tensors.tensor(entry.name))
        }
        if let extra = tensors.tensorNames.first(where: { adapters.store.entry($0) == nil }) {
            throw LoadError.tensorMismatch(path: tensorsURL.path, tensor: extra, reason: "is not in the plan")
        }
        return TrainedRun(folder: folder, configuration: configuration, model: model, adapters: adapters)
    }

    /// Refuses a model given in place of the run's when the run's newest checkpoint records another base model (a run
    /// without checkpoints cannot be checked).
    private static func checkBaseModel(_ model: PretrainedModel, named reference: String, folder: URL,
                                       runID: String?) throws {
        let checkpoints = CheckpointFolder(runFolder: folder, runID: runID)
        guard let step = checkpoints.steps().last else { return }
        let description = checkpoints.folder(step: step).appendingPathComponent(Checkpoint.File.configuration)
        guard let data = try? Data(contentsOf: description),
              let recorded = try? CheckpointDescription.parse(data, path: description.path).description else { return }
        if recorded.baseModelHash != model.baseModelHash {
            throw LoadError.otherBaseModel(model: reference, checkpoint: description.path)
        }
    }

    /// A classifier with the run's adapters.
    public func classifier(workers: Int = ThreadPolicy.defaultWorkers) throws -> KernelMixClassifier {
        try KernelMixClassifier(encoder: model.encoder, adapters: adapters, workers: workers)
    }
}
