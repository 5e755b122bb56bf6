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
                let staged = try Self.stage(request, model: model)
                try state.withLock { (state: inout State) throws in
                    guard state.preparing == ticket else { return }
                    let (folder, setup) = try staged.create(in: runs, named: name)
                    let trainer = Trainer(setup)
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

    /// The run `request` describes, staged by the engine (`RunStarter`) as `kmix train` stages its runs: every row
    /// read, at most 128 tokens per example, norms every 5 steps, ranks reallocated as the dialog says; a run-length
    /// conflict named by the dialog's fields.
    static func stage(_ request: TrainingRequest, model: PretrainedModel) throws -> StagedRun {
        let settings = request.settings
        var run = RunRequest(plan: request.plan, data: request.data)
        run.maxTrainRows = settings.maxTrainRows
        run.epochs = settings.epochs
        run.maxSteps = settings.maxSteps
        run.batchSize = settings.batchSize
        run.optimizer = OptimizerSettings(learningRate: settings.learningRate)
        run.evaluateEvery = settings.evaluateEvery
        run.headNormsEvery = 5
        run.reallocation = settings.reallocation
        do {
            return try RunStarter.stage(run, model: model)
        } catch let error as RunLengthConflict {
            throw DialogRefusal(message: error.message(epochsName: DialogField.ID.epochs.label,
                                                       maxStepsName: DialogField.ID.maxSteps.label))
        }
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
