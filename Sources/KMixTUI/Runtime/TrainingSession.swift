import Dispatch
import Foundation
import KMix
import Synchronization

/// The background run: loads data off the main thread, owns the `Trainer`, and hands its events to the UI loop.
///
/// A stop while the data loads cancels the run: the folder is created, and the trainer started, under the same
/// lock that cancelling takes, so a run is either cancelled with nothing on disk or has a trainer to stop.
public final class TrainingSession: TrainingRunner {
    private struct State {
        var trainer: Trainer?
        var cursor = 0
        var pending: [Action] = []
        /// Runs launched so far; each preparation is known by its number.
        var launches = 0
        /// The number of the run whose data is loading (nil: none, or it was cancelled).
        var preparing: Int?
    }

    let model: PretrainedModel
    private let state = Mutex(State())

    /// A session that trains `model`.
    public init(model: PretrainedModel) {
        self.model = model
    }

    /// Starts a run of `request` in a new folder under `runs/` (`RunFolder`), created once its data are loaded;
    /// progress arrives through `drain()`, starting with the folder's path.
    public func launch(_ request: TrainingRequest) {
        let runs = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("runs", isDirectory: true)
        let name = RunFolder.name(startedAt: Date())
        let ticket = state.withLock { state in
            state.launches += 1
            state.preparing = state.launches
            state.trainer = nil
            return state.launches
        }
        let model = self.model
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            do {
                let (train, dev, configuration) = try Self.load(request.data, model: model, settings: request.settings)
                try state.withLock { (state: inout State) throws in
                    guard state.preparing == ticket else { return }
                    let folder = try Self.createFolder(in: runs, named: name, plan: request.plan, configuration: configuration)
                    let trainer = Trainer(TrainingSetup(model: model, plan: request.plan, train: train, dev: dev,
                                                        parameters: configuration.parameters, runFolder: folder))
                    state.pending.append(.trainingPreparing(runFolder: folder.path))
                    state.preparing = nil
                    state.trainer = trainer
                    state.cursor = 0
                    trainer.start()
                }
            } catch {
                state.withLock { state in
                    guard state.preparing == ticket else { return }
                    state.preparing = nil
                    state.pending.append(.trainingFailedToStart("\(error)"))
                }
            }
        }
    }

    /// The encoded training and dev sets of `source` for `model` (at most 128 tokens per example), and the run
    /// configuration that records where they came from.
    static func load(_ source: DataSource, model: PretrainedModel, settings: TrainingSettings) throws
        -> (train: EncodedDataset, dev: EncodedDataset?, configuration: RunConfiguration) {
        let data = try source.load(maxTrainRows: settings.maxTrainRows)
        let limit = min(128, model.configuration.maxPositions)
        let parameters: TrainingParameters
        do {
            parameters = try settings.parameters(examples: data.train.count)
        } catch {
            throw DialogRefusal(message: error.message(epochsName: DialogField.ID.epochs.label,
                                                            maxStepsName: DialogField.ID.maxSteps.label))
        }
        let configuration = RunConfiguration(model: model.folder.path, source: source, data: data, maxLength: limit,
                                             maxTrainRows: settings.maxTrainRows, parameters: parameters)
        return (EncodedDataset(data.train, tokenizer: model.tokenizer, maxLength: limit),
                data.dev.map { EncodedDataset($0, tokenizer: model.tokenizer, maxLength: limit) }, configuration)
    }

    /// Creates a new run folder in `runs` (`RunFolder.create`) with the run's plan and configuration and returns
    /// it, or removes it and throws.
    private static func createFolder(in runs: URL, named name: String, plan: AdapterPlan,
                                     configuration: RunConfiguration) throws -> URL {
        let folder = try RunFolder.create(in: runs, named: name)
        do {
            try plan.write(to: folder.appendingPathComponent("plan.json"))
            try configuration.encoded().write(to: folder.appendingPathComponent("config.json"), options: .atomic)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        return folder
    }

    /// Actions for everything that happened since the last call.
    public func drain() -> [Action] {
        state.withLock { state in
            var actions = state.pending
            state.pending.removeAll()
            if let trainer = state.trainer {
                let read = trainer.events.read(after: state.cursor)
                state.cursor = read.cursor
                if read.missed > 0 { actions.append(.trainingMissed(read.missed)) }
                actions += read.events.map(Action.trainingEvent)
            }
            return actions
        }
    }

    /// Whether a run has started and not yet ended.
    public var isRunning: Bool {
        guard let trainer = state.withLock({ $0.trainer }) else { return false }
        return !trainer.hasEnded
    }

    /// Stops the current run after its step and blocks until it has evaluated and saved its adapters.
    public func stopAndWait() {
        guard let trainer = state.withLock({ $0.trainer }) else { return }
        trainer.stop()
        trainer.waitUntilFinished()
    }

    /// Carries out a training effect on the current run; a stop while the run prepares cancels it.
    public func perform(_ effect: Effect) {
        let trainer = state.withLock { state -> Trainer? in
            guard state.preparing == nil else {
                if case .stopTraining = effect {
                    state.preparing = nil
                    state.pending.append(.trainingCancelled)
                }
                return nil
            }
            return state.trainer
        }
        guard let trainer else { return }
        switch effect {
        case .pauseTraining: trainer.pause()
        case .resumeTraining: trainer.resume()
        case .stopTraining: trainer.stop()
        case .evaluateNow: trainer.evaluateNow()
        case .saveNow: trainer.saveNow()
        default: break
        }
    }
}
