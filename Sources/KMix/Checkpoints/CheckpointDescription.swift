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

    /// `adapter_config.json`: this description, the plan and its hash.
    func json(plan: AdapterPlan, planHash: String) -> String {
        let p = parameters, o = p.optimizer
        func strings(_ values: [String]) -> String { "[" + values.map(JSONText.string).joined(separator: ", ") + "]" }
        func optional<T>(_ value: T?) -> String { value.map { "\($0)" } ?? "null" }
        let hyper = "{\"epochs\": \(p.epochs), \"max_steps\": \(optional(p.maxSteps)), \"batch_size\": \(p.batchSize), "
            + "\"learning_rate\": \(o.learningRate), \"beta1\": \(o.beta1), \"beta2\": \(o.beta2), "
            + "\"epsilon\": \(o.epsilon), \"weight_decay\": \(o.weightDecay), \"warmup_fraction\": \(o.warmupFraction), "
            + "\"clip_norm\": \(optional(o.clipNorm)), \"seed\": \(p.seed), \"workers\": \(p.workers), "
            + "\"bucket_batches\": \(p.bucketBatches)}"
        let planText = plan.encoded().split(separator: "\n", omittingEmptySubsequences: false)
            .map { "  " + $0 }.joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        return "{\n  \"kmix_checkpoint\": \(Checkpoint.formatVersion),\n"
            + "  \"base_model\": \(JSONText.string(baseModel)),\n  \"base_model_sha256\": \"\(baseModelHash)\",\n"
            + "  \"task\": \(task.map(JSONText.string) ?? "null"),\n"
            + "  \"label_values\": \(strings(labelValues)),\n  \"label_names\": \(strings(labelNames)),\n"
            + "  \"hyperparameters\": \(hyper),\n  \"plan_sha256\": \"\(planHash)\",\n  \"plan\": \(planText)\n}\n"
    }

    /// Parses `adapter_config.json` (at `path`, for errors): the description and the plan's JSON text.
    static func parse(_ data: Data, path: String) throws -> (description: CheckpointDescription, plan: Data) {
        func fail(_ reason: String) -> CheckpointError { .invalid(path: path, reason: reason) }
        guard let json = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw fail("it is not a JSON object")
        }
        guard let version = json["kmix_checkpoint"].flatMap(JSONInteger.signed), version == Checkpoint.formatVersion else {
            throw fail("kmix_checkpoint must be \(Checkpoint.formatVersion)")
        }
        guard let baseModel = json["base_model"] as? String, let hash = json["base_model_sha256"] as? String else {
            throw fail("base_model and base_model_sha256 must be strings")
        }
        guard let values = json["label_values"] as? [String], let names = json["label_names"] as? [String],
              values.count == names.count, !values.isEmpty else {
            throw fail("label_values and label_names must be string arrays of one length")
        }
        guard let hyper = json["hyperparameters"] as? [String: Any], let plan = json["plan"] else {
            throw fail("hyperparameters and plan are required")
        }
        func number(_ key: String) throws -> Double {
            guard let value = hyper[key] as? NSNumber else { throw fail("hyperparameters.\(key) must be a number") }
            return value.doubleValue
        }
        func integer(_ key: String) throws -> Int {
            guard let value = hyper[key].flatMap(JSONInteger.signed) else {
                throw fail("hyperparameters.\(key) must be a whole number")
            }
            return value
        }
        let optimizer = OptimizerSettings(
            learningRate: Float(try number("learning_rate")), beta1: Float(try number("beta1")),
            beta2: Float(try number("beta2")), epsilon: Float(try number("epsilon")),
            weightDecay: Float(try number("weight_decay")), warmupFraction: Float(try number("warmup_fraction")),
            clipNorm: (hyper["clip_norm"] as? NSNumber).map { Float($0.doubleValue) })
        guard let seed = (hyper["seed"] as? NSNumber)?.uint64Value else { throw fail("hyperparameters.seed must be a number") }
        let parameters = TrainingParameters(
            epochs: try integer("epochs"), maxSteps: hyper["max_steps"].flatMap(JSONInteger.signed),
            batchSize: try integer("batch_size"), optimizer: optimizer, seed: seed,
            workers: try integer("workers"), bucketBatches: try integer("bucket_batches"))
        let description = CheckpointDescription(baseModel: baseModel, baseModelHash: hash, task: json["task"] as? String,
                                                labelValues: values, labelNames: names, parameters: parameters)
        return (description, try JSONSerialization.data(withJSONObject: plan))
    }
}
