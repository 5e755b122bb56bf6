import Foundation

/// The one way a run starts, whether `kmix train`, `kmix-tui` or `kmix experiment` asks: a new run is staged from a
/// `RunRequest` (data read, length settled, configuration made) and then created in its folder; a run with a
/// checkpoint is resumed from its folder alone. Every run so started writes checkpoints (at least on stop and at
/// the end), so `kmix train --resume` can continue any of them.
public enum RunStarter {
    /// Reads `request`'s data for `model` and settles the run's length and configuration.
    /// - Throws: `OptimizerSettingsProblem` (settings that cannot train), `RunStartError` (a maximum length beyond
    ///   the model's positions), `RunLengthConflict` (epochs that end the run before its step limit; callers name the
    ///   settings as their users know them), `DataError`.
    public static func stage(_ request: RunRequest, model: PretrainedModel) throws -> StagedRun {
        if let problem = request.optimizer.problem { throw problem }
        try checkMaxLength(request, model: model)
        let data = try request.data.load(maxTrainRows: request.maxTrainRows)
        let limit = request.maxLength ?? min(128, model.configuration.maxPositions)
        let train = try model.encode(data.train, maxLength: limit)
        let dev = try data.dev.map { try model.encode($0, maxLength: limit) }
        let epochs = try RunLength.epochs(request.epochs, maxSteps: request.maxSteps, examples: train.count,
                                          batchSize: request.batchSize)
        let parameters = TrainingParameters(epochs: epochs, maxSteps: request.maxSteps, batchSize: request.batchSize,
                                            optimizer: request.optimizer, seed: request.seed,
                                            evaluateEvery: request.evaluateEvery, headNormsEvery: request.headNormsEvery,
                                            workers: request.workers, bucketBatches: request.bucketBatches,
                                            reallocation: request.reallocation, labelSmoothing: request.labelSmoothing)
        var configuration = RunConfiguration(model: model.folder.path, source: request.data, data: data, maxLength: limit,
                                             maxTrainRows: request.maxTrainRows, parameters: parameters)
        if configuration.isGeneration, let decoding = request.decoding {
            try decoding.validate()
            configuration.record(decoding: decoding)
        }
        configuration.saveEvery = request.saveEvery
        configuration.keepLast = request.keepLast
        configuration.keepBest = request.keepBest
        return StagedRun(model: model, plan: request.plan, configuration: configuration, data: data, train: train, dev: dev)
    }

    /// Refuses `folder` as the target of a new run before anything is read or written, as `StagedRun.create` would:
    /// a file, a folder of other files, a run (unless `overwrite`), a run with linked checkpoints.
    /// - Throws: `RunStartError`.
    public static func checkTarget(_ folder: URL, overwrite: Bool) throws {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) else { return }
        if !isFolder.boolValue { throw RunStartError.notAFolder(path: folder.path) }
        try RunFiles.refuseForeign(folder, overwrite: overwrite)
    }

    /// Checks what `stage` checks, for a training set of `trainingRows` rows, without reading the data: the maximum
    /// length against the model's positions and the run's length (`kmix experiment run` checks every run so before
    /// it starts any).
    /// - Throws: `OptimizerSettingsProblem`, `RunStartError.maxLengthBeyondPositions`, `RunLengthConflict`.
    public static func check(_ request: RunRequest, model: PretrainedModel, trainingRows: Int) throws {
        if let problem = request.optimizer.problem { throw problem }
        try checkMaxLength(request, model: model)
        _ = try RunLength.epochs(request.epochs, maxSteps: request.maxSteps, examples: trainingRows, batchSize: request.batchSize)
    }

    private static func checkMaxLength(_ request: RunRequest, model: PretrainedModel) throws(RunStartError) {
        let positions = model.configuration.maxPositions
        if let maxLength = request.maxLength, maxLength > positions {
            throw .maxLengthBeyondPositions(maxLength: maxLength, positions: positions, model: model.displayName)
        }
    }

    /// The run in `folder` continued from its newest complete checkpoint, with the settings of its `config.json`
    /// (`evaluateEvery` and the checkpoint settings may change: nil keeps the recorded ones), and the step it
    /// continues from.
    /// - Throws: `CheckpointError.noCheckpoint`, `RunStartError` (a checkpoint that does not match the
    ///   configuration, a run already complete), and the errors of reading the run, its model and its data.
    public static func resume(_ folder: URL, evaluateEvery: Int? = nil, saveEvery: Int? = nil, keepLast: Int? = nil,
                              keepBest: Bool = false) throws -> (setup: TrainingSetup, step: Int) {
        var configuration = try RunConfiguration.load(fromRun: folder)
        try RunFiles.refuseLinkedCheckpoints(folder)
        let lock = try RunLock.acquire(folder)
        let checkpoints = CheckpointFolder(runFolder: folder, runID: configuration.runID)
        guard let step = checkpoints.steps().last else { throw CheckpointError.noCheckpoint(folder: folder.path) }
        let model = try PretrainedModel.load(configuration.model)
        let checkpoint = try Checkpoint.load(from: checkpoints.folder(step: step), model: model)
        configuration.evaluateEvery = evaluateEvery ?? configuration.evaluateEvery
        configuration.saveEvery = saveEvery ?? configuration.saveEvery
        configuration.keepLast = keepLast ?? configuration.keepLast
        configuration.keepBest = keepBest || configuration.keepBest == true
        let parameters = configuration.parameters
        guard checkpoint.seed == parameters.seed, checkpoint.workers == parameters.workers else {
            throw RunStartError.checkpointMismatch(checkpoint: checkpoints.folder(step: step).path, seed: checkpoint.seed,
                                                   workers: checkpoint.workers, configuration: parameters)
        }
        let data = try configuration.loadData()
        let train = try model.encode(data.train, maxLength: configuration.maxLength)
        let dev = try data.dev.map { try model.encode($0, maxLength: configuration.maxLength) }
        let total = parameters.totalSteps(examples: train.count)
        guard step < total else { throw RunStartError.alreadyComplete(path: folder.path, step: step, total: total) }
        let checkpointPath = checkpoints.folder(step: step).path
        guard checkpoint.adapters.labelCount == train.labelNames.count else {
            throw RunStartError.labelCountMismatch(checkpoint: checkpointPath, checkpointLabels: checkpoint.adapters.labelCount,
                                                   runLabels: train.labelNames.count)
        }
        let perEpoch = max(1, train.count.dividedRoundingUp(by: parameters.batchSize))
        let (reached, overflow) = checkpoint.epoch.saturatingMultiplied(by: perEpoch).addingReportingOverflow(checkpoint.position)
        guard !overflow, checkpoint.position <= perEpoch, reached == step else {
            throw RunStartError.positionMismatch(checkpoint: checkpointPath, step: step, epoch: checkpoint.epoch,
                                                 position: checkpoint.position, batchesPerEpoch: perEpoch)
        }
        var setup = TrainingSetup(model: model, plan: checkpoint.adapters.plan, train: train, dev: dev,
                                  parameters: parameters, runFolder: folder, checkpoints: configuration.checkpointOptions,
                                  resume: checkpoint)
        setup.lock = lock
        setup.sampleGeneration(configuration, dev: data.dev)
        return (setup, step)
    }
}

extension RunConfiguration {
    /// Checkpointing as the configuration records it.
    public var checkpointOptions: CheckpointOptions {
        CheckpointOptions(every: saveEvery, keepLast: keepLast, keepBest: keepBest == true, task: task,
                          labelValues: labelValues, runID: runID)
    }
}

/// Why a run cannot start, in one sentence.
public enum RunStartError: Error, Equatable, CustomStringConvertible {
    case notAFolder(path: String)
    case holdsARun(path: String)
    case notEmpty(path: String, entry: String)
    case modelFolder(path: String)
    case linkedCheckpoints(path: String)
    case busy(path: String, pid: Int32?)
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case maxLengthBeyondPositions(maxLength: Int, positions: Int, model: String)
    case checkpointMismatch(checkpoint: String, seed: UInt64, workers: Int, configuration: TrainingParameters)
    case alreadyComplete(path: String, step: Int, total: Int)
    case labelCountMismatch(checkpoint: String, checkpointLabels: Int, runLabels: Int)
    case positionMismatch(checkpoint: String, step: Int, epoch: Int, position: Int, batchesPerEpoch: Int)

    public var description: String {
        switch self {
        case let .notAFolder(path): "\(path) is a file; give a folder path for the run"
        case let .holdsARun(path): "\(path) already holds a kmix run; choose another folder, resume it, or overwrite it"
        case let .notEmpty(path, entry):
            "\(path) is not empty (it holds \(entry)) and is not a kmix run; kmix trains only into a new or empty folder"
        case let .modelFolder(path): "\(path) holds a model; a run needs a folder of its own"
        case let .linkedCheckpoints(path):
            "\(path) is a symbolic link; kmix writes and deletes checkpoints only in a folder of the run itself"
        case let .busy(path, pid):
            "\(path) is being written by another kmix" + (pid.map { " (process \($0))" } ?? "")
                + "; wait for it to finish or stop it first"
        case let .cannotCreate(path, reason): "could not create the folder \(path) (\(reason))"
        case let .cannotWrite(path, reason): "could not write \(path) (\(reason))"
        case let .maxLengthBeyondPositions(maxLength, positions, model):
            "the maximum length \(maxLength) exceeds the \(positions) positions of \(model)"
        case let .checkpointMismatch(checkpoint, seed, workers, configuration):
            "\(checkpoint) has seed \(seed) and \(workers) workers, but the run's config.json says \(configuration.seed) "
                + "and \(configuration.workers)"
        case let .alreadyComplete(path, step, total):
            "the run \(path) is already complete (step \(step) of \(total)); there is nothing to resume"
        case let .labelCountMismatch(checkpoint, checkpointLabels, runLabels):
            "\(checkpoint) holds a \(checkpointLabels)-way classifier, but the run's config.json and data give "
                + "\(runLabels) labels"
        case let .positionMismatch(checkpoint, step, epoch, position, batchesPerEpoch):
            "\(checkpoint)'s trainer_state.json says step \(step) at epoch \(epoch), batch \(position), which no run of "
                + "\(batchesPerEpoch) batches per epoch reaches"
        }
    }
}
