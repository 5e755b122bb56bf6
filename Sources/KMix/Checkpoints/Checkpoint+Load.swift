import Foundation

extension Checkpoint {
    /// Reads and checks the checkpoint in `folder` for `model`: every file must
    /// be present, the checkpoint made for this base model, the tensors'
    /// plan identity that of the plan (`plan_identity`; `plan_sha256` in checkpoints written before identities,
    /// `AdapterPlan.isIdentified(by:)`), and every tensor of the plan's shape.
    public static func load(from folder: URL, model: PretrainedModel) throws -> Checkpoint {
        func file(_ name: String) throws -> URL {
            let url = folder.appendingPathComponent(name)
            guard FileManager.default.fileExists(atPath: url.path) else {
                throw CheckpointError.missingFile(folder: folder.path, file: name)
            }
            return url
        }
        let configurationURL = try file(File.configuration)
        let tensorsURL = try file(File.adapters), optimizerURL = try file(File.optimizer), stateURL = try file(File.trainerState)
        let configurationData: Data
        do { configurationData = try Data(contentsOf: configurationURL) } catch {
            throw CheckpointError.invalid(path: configurationURL.path, reason: FileErrorReason.of(error))
        }
        let (description, planNode) = try CheckpointDescription.parse(configurationData, path: configurationURL.path)
        guard description.baseModelHash == model.baseModelHash else {
            throw CheckpointError.otherBaseModel(path: configurationURL.path, expected: model.folder.path)
        }
        let plan = try AdapterPlan.decode(planNode, source: configurationURL.path, for: AdapterPlan.ModelShape(model.configuration))
        let weights = model.encoder.weights
        var adapters = AdapterSet(plan: plan, labelCount: description.labelValues.count,
                                  pooler: weights.poolerWeight.map { ($0, weights.poolerBias!) })
        let tensors = try SafeTensorsFile(url: tensorsURL)
        guard plan.isIdentified(by: tensors.metadata["plan_identity"] ?? tensors.metadata["plan_sha256"]) else {
            throw CheckpointError.planMismatch(path: tensorsURL.path)
        }
        let entries = adapters.store.entries
        var values = adapters.store.values
        try read(tensors, entries: entries, suffix: "", path: tensorsURL.path) { values.replaceSubrange($0.range, with: $1.scalars) }
        adapters.store.values = values
        let moments = try SafeTensorsFile(url: optimizerURL)
        var first = [Float](repeating: 0, count: adapters.store.count), second = first
        for (suffix, target) in [(".exp_avg", 0), (".exp_avg_sq", 1)] {
            try read(moments, entries: entries, suffix: suffix, path: optimizerURL.path) { entry, tensor in
                let range = entry.range
                if target == 0 { first.replaceSubrange(range, with: tensor.scalars) } else { second.replaceSubrange(range, with: tensor.scalars) }
            }
        }
        guard moments.info("step")?.shape == [1], let optimizerStep = try moments.int64s("step").first else {
            throw CheckpointError.tensorMismatch(path: optimizerURL.path, tensor: "step", reason: "is missing or not one I64")
        }
        var sensitivity: SensitivityTracker?
        if moments.info(sensitivityUpdates) != nil {
            var mean = [Float](repeating: 0, count: adapters.store.count), uncertainty = mean
            for (suffix, target) in [(sensitivityMean, 0), (sensitivityUncertainty, 1)] {
                try read(moments, entries: entries, suffix: suffix, path: optimizerURL.path) { entry, tensor in
                    if target == 0 { mean.replaceSubrange(entry.range, with: tensor.scalars) } else {
                        uncertainty.replaceSubrange(entry.range, with: tensor.scalars)
                    }
                }
            }
            guard moments.info(sensitivityUpdates)?.shape == [1], let updates = try moments.int64s(sensitivityUpdates).first else {
                throw CheckpointError.tensorMismatch(path: optimizerURL.path, tensor: sensitivityUpdates, reason: "is not one I64")
            }
            sensitivity = SensitivityTracker(mean: mean, uncertainty: uncertainty, updates: Int(updates))
        }
        let sensitivityNames = sensitivity == nil ? [] : adapters.store.entries.flatMap {
            [$0.name + sensitivityMean, $0.name + sensitivityUncertainty]
        } + [sensitivityUpdates]
        let expectedNames = Set(adapters.store.entries.flatMap { [$0.name + ".exp_avg", $0.name + ".exp_avg_sq"] } + ["step"]
                                + sensitivityNames)
        if let extra = moments.tensorNames.first(where: { !expectedNames.contains($0) }) {
            throw CheckpointError.tensorMismatch(path: optimizerURL.path, tensor: extra, reason: "is not in the plan")
        }
        let state = try TrainerState(url: stateURL)
        guard state.step == Int(optimizerStep), tensors.metadata["step"] == "\(state.step)" else {
            throw CheckpointError.invalid(path: stateURL.path, reason: "its step \(state.step) differs from the tensors' step")
        }
        let optimizer = AdamW(settings: description.parameters.optimizer, store: adapters.store, step: state.step,
                              firstMoment: first, secondMoment: second)
        return Checkpoint(step: state.step, epoch: state.epoch, position: state.position, seed: state.seed,
                          workers: state.workers, devAccuracy: state.devAccuracy, adapters: adapters,
                          optimizer: optimizer, description: description, sensitivity: sensitivity,
                          runID: state.runID)
    }

    /// Reads `name + suffix` for every tensor of ``entries` from `file`, checking
    /// names and shapes; with an empty suffix, no other tensor may be present.
    private static func read(_ file: SafeTensorsFile, entries: [ParameterStore.Entry], suffix: String, path: String,
                             apply: (ParameterStore.Entry, Tensor) -> Void) throws {
        for entry in entries {
            let name = entry.name + suffix
            guard let info = file.info(name) else {
                throw CheckpointError.tensorMismatch(path: path, tensor: name, reason: "is missing")
            }
            guard info.shape == entry.shape else {
                throw CheckpointError.tensorMismatch(path: path, tensor: name,
                                                     reason: "has shape \(info.shape), the plan needs \(entry.shape)")
            }
            apply(entry, try file.tensor(name))
        }
        let names = Set(entries.map(\.name))
        if suffix.isEmpty, let extra = file.tensorNames.first(where: { !names.contains($0) }) {
            throw CheckpointError.tensorMismatch(path: path, tensor: extra, reason: "is not in the plan")
        }
    }
}

/// `trainer_state.json`.
struct TrainerState {
    let step: Int, epoch: Int, position: Int, workers: Int
    let seed: UInt64
    let devAccuracy: Double?
    let runID: String?

    init(url: URL) throws {
        func fail(_ reason: String) -> CheckpointError { .invalid(path: url.path, reason: reason) }
        let data: Data
        do { data = try Data(contentsOf: url) } catch { throw fail(FileErrorReason.of(error)) }
        do {
            let json = try JSONNode(parsing: data).object()
            func count(_ key: String) throws -> Int {
                let node = try json.required(key)
                guard let value = node.value.intValue, value >= 0 else {
                    throw node.error("expected a whole number that is not negative, found \(node.value.kindDescription)")
                }
                return value
            }
            step = try count("step")
            epoch = try count("epoch")
            position = try count("position")
            workers = try count("workers")
            seed = try json.required("seed").uint64()
            devAccuracy = try json.optional("dev_accuracy")?.double()
            runID = try json.optional("run_id")?.string()
            if let runID, UUID(uuidString: runID) == nil { throw fail("'run_id' is not a run identity: \(runID)") }
        } catch let error as JSONSyntaxError {
            throw fail("it is not valid JSON (\(error.location))")
        } catch let error as JSONReadError {
            throw fail(error.description)
        }
    }
}
