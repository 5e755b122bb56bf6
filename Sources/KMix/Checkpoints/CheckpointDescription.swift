import Foundation

/// What a checkpoint was trained for, written to `adapter_config.json`
/// beside the plan: the base model, the labels and the hyper-parameters.
public struct CheckpointDescription: Sendable, Equatable {
    /// The base model's folder.
    public var baseModel: String
    /// `PretrainedModel.baseModelHash` of the base model.
    public var baseModelHash: String
    /// The task preset, when one was used.
    public var task: String?
    /// Label values as written in the data, in class-index order, and their display names.
    public var labelValues: [String]
    public var labelNames: [String]
    /// The training parameters.
    public var parameters: TrainingParameters

    /// A description with every field given.
    public init(baseModel: String, baseModelHash: String, task: String?, labelValues: [String], labelNames: [String],
                parameters: TrainingParameters) {
        self.baseModel = baseModel
        self.baseModelHash = baseModelHash
        self.task = task
        self.labelValues = labelValues
        self.labelNames = labelNames
        self.parameters = parameters
    }

    /// `adapter_config.json`: this description, the plan and its identity.
    func json(plan: AdapterPlan, planIdentity: String) -> String {
        let p = parameters, o = p.optimizer
        func strings(_ values: [String]) -> String { "[" + values.map(JSONText.string).joined(separator: ", ") + "]" }
        func optional<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "null" }
        let hyper = "{\"epochs\": \(p.epochs), \"max_steps\": \(optional(p.maxSteps)), \"batch_size\": \(p.batchSize), "
            + "\"learning_rate\": \(o.learningRate), \"beta1\": \(o.beta1), \"beta2\": \(o.beta2), "
            + "\"epsilon\": \(o.epsilon), \"weight_decay\": \(o.weightDecay), \"warmup_fraction\": \(o.warmupFraction), "
            + "\"clip_norm\": \(optional(o.clipNorm)), \"seed\": \(p.seed), \"workers\": \(p.workers), "
            + "\"bucket_batches\": \(p.bucketBatches)" + (p.labelSmoothing == 0 ? "" : ", \"label_smoothing\": \(p.labelSmoothing)")
            + "}"
        let planText = plan.encoded().split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return "{\n  \"kmix_checkpoint\": \(Checkpoint.formatVersion),\n"
            + "  \"base_model\": \(JSONText.string(baseModel)),\n  \"base_model_sha256\": \"\(baseModelHash)\",\n"
            + "  \"task\": \(task.map(JSONText.string) ?? "null"),\n"
            + "  \"label_values\": \(strings(labelValues)),\n  \"label_names\": \(strings(labelNames)),\n"
            + "  \"hyperparameters\": \(hyper),\n  \"plan_identity\": \"\(planIdentity)\",\n  \"plan\": \(planText)\n}\n"
    }

    /// Parses `adapter_config.json` (at `path`, for errors): the description and the plan's node (at `$.plan`).
    static func parse(_ data: Data, path: String) throws -> (description: CheckpointDescription, plan: JSONNode) {
        func fail(_ reason: String) -> CheckpointError { .invalid(path: path, reason: reason) }
        do {
            let json = try JSONNode(parsing: data).object()
            guard json["kmix_checkpoint"]?.value.intValue == Checkpoint.formatVersion else {
                throw fail("kmix_checkpoint must be \(Checkpoint.formatVersion)")
            }
            let values = try json.required("label_values").array().map { try $0.string() }
            let names = try json.required("label_names").array().map { try $0.string() }
            guard values.count == names.count, values.count != 1 else {
                throw fail("label_values and label_names must be string arrays of one length: none for a language "
                           + "model, at least 2 for a classifier")
            }
            let hyper = try json.required("hyperparameters").object()
            let optimizer = OptimizerSettings(
                learningRate: try hyper.required("learning_rate").float(), beta1: try hyper.required("beta1").float(),
                beta2: try hyper.required("beta2").float(), epsilon: try hyper.required("epsilon").float(),
                weightDecay: try hyper.required("weight_decay").float(),
                warmupFraction: try hyper.required("warmup_fraction").float(),
                clipNorm: try hyper.optional("clip_norm")?.float())
            let parameters = TrainingParameters(
                epochs: try hyper.required("epochs").int(), maxSteps: try hyper.optional("max_steps")?.int(),
                batchSize: try hyper.required("batch_size").int(), optimizer: optimizer,
                seed: try hyper.required("seed").uint64(), workers: try hyper.required("workers").int(),
                bucketBatches: try hyper.required("bucket_batches").int(),
                labelSmoothing: try hyper.optional("label_smoothing")?.float() ?? 0)
            let description = CheckpointDescription(
                baseModel: try json.required("base_model").string(),
                baseModelHash: try json.required("base_model_sha256").string(), task: try json.optional("task")?.string(),
                labelValues: values, labelNames: names, parameters: parameters)
            return (description, try json.required("plan"))
        } catch let error as JSONSyntaxError {
            throw fail("it is not valid JSON (\(error.location))")
        } catch let error as JSONReadError {
            throw fail(error.description)
        }
    }
}
