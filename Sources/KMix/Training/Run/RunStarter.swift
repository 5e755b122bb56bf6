import Foundation

/// The one way a run starts, whether `kmix train`, `kmix-tui` or `kmix experiment` asks: a new run is staged from a
/// `RunRequest` (data read, length settled, configuration made) and then created in its folder; a run with a
/// checkpoint is resumed from its folder alone. Every run so started writes checkpoints (at least on stop and at
/// the end), so `kmix train --resume` can continue any of them.
public enum RunStarter {
    /// Reads `request`'s data for `model` and settles the run's length and configuration.
    /// - Throws: `RunStartError` (a maximum length beyond the model's positions), `RunLengthConflict` (epochs that
    ///   end the run before its step limit; callers name the settings as their users know them), `DataError`.
    public static func stage(_ request: RunRequest, model: PretrainedModel) throws -> StagedRun {
        try checkMaxLength(request, model: model)
        let data = try request.data.load(maxTrainRows: request.maxTrainRows)
        let limit = request.maxLength ?? min(128, model.configuration.maxPositions)
        let train = EncodedDataset(data.train, tokenizer: model.tokenizer, maxLength: limit)
        let dev = data.dev.map { EncodedDataset($0, tokenizer: model.tokenizer, maxLength: limit) }
        let epochs = try RunLength.epochs(request.epochs, maxSteps: request.maxSteps, examples: train.count,
                                          batchSize: request.batchSize)
        let parameters = TrainingParameters(epochs: epochs, maxSteps: request.maxSteps, batchSize: request.batchSize,
                                            optimizer: request.optimizer, seed: request.seed,
                                            evaluateEvery: request.evaluateEvery, headNormsEvery: request.headNormsEvery,
                                            workers: request.workers, bucketBatches: request.bucketBatches,
                                            reallocation: request.reallocation)
        var configuration = RunConfiguration(model: model.folder.path, source: request.data, data: data, maxLength: limit,
                                             maxTrainRows: request.maxTrainRows, parameters: parameters)
        configuration.saveEvery = request.saveEvery
        configuration.keepLast = request.keepLast
        configuration.keepBest = request.keepBest
        return StagedRun(model: model, plan: request.plan, configuration: configuration, data: data, train: train, dev: dev)
    }

    /// Checks what `stage` checks, for a training set of `trainingRows` rows, without reading the data: the maximum
    /// length against the model's positions and the run's length (`kmix experiment run` checks every run so before
    /// it starts any).
    /// - Throws: `RunStartError.maxLengthBeyondPositions`, `RunLengthConflict`.
    public static func check(_ request: RunRequest, model: PretrainedModel, trainingRows: Int) throws {
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
        let checkpoints = CheckpointFolder(runFolder: folder)
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
        let train = EncodedDataset(data.train, tokenizer: model.tokenizer, maxLength: configuration.maxLength)
        let dev = data.dev.map { EncodedDataset($0, tokenizer: model.tokenizer, maxLength: configuration.maxLength) }
        let total = parameters.totalSteps(examples: train.count)
        guard step < total else { throw RunStartError.alreadyComplete(path: folder.path, step: step, total: total) }
        let setup = TrainingSetup(model: model, plan: checkpoint.adapters.plan, train: train, dev: dev,
                                  parameters: parameters, runFolder: folder, checkpoints: configuration.checkpointOptions,
                                  resume: checkpoint)
        return (setup, step)
    }
}

extension RunConfiguration {
    /// Checkpointing as the configuration records it.
    public var checkpointOptions: CheckpointOptions {
        CheckpointOptions(every: saveEvery, keepLast: keepLast, keepBest: keepBest == true, task: task,
                          labelValues: labelValues)
    }
}

/// Why a run cannot start, in one sentence.
public enum RunStartError: Error, Equatable, CustomStringConvertible {
    case notAFolder(path: String)
    case holdsARun(path: String)
    case cannotCreate(path: String, reason: String)
    case cannotWrite(path: String, reason: String)
    case maxLengthBeyondPositions(maxLength: Int, positions: Int, model: String)
    case checkpointMismatch(checkpoint: String, seed: UInt64, workers: Int, configuration: TrainingParameters)
    case alreadyComplete(path: String, step: Int, total: Int)

    public var description: String {
        switch self {
        case let .notAFolder(path): "\(path) is a file; give a folder path for the run"
        case let .holdsARun(path): "\(path) already holds a run; choose another folder"
        case let .cannotCreate(path, reason): "could not create the folder \(path) (\(reason))"
        case let .cannotWrite(path, reason): "could not write \(path) (\(reason))"
        case let .maxLengthBeyondPositions(maxLength, positions, model):
            "the maximum length \(maxLength) exceeds the \(positions) positions of \(model)"
        case let .checkpointMismatch(checkpoint, seed, workers, configuration):
            "\(checkpoint) has seed \(seed) and \(workers) workers, but the run's config.json says \(configuration.seed) "
                + "and \(configuration.workers)"
        case let .alreadyComplete(path, step, total):
            "the run \(path) is already complete (step \(step) of \(total)); there is nothing to resume"
        }
    }
}
