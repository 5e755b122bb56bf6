import Dispatch
import Foundation
import KMix
import Synchronization

/// The background run: loads data off the main thread, owns the `Trainer`, and hands its events to the UI loop.
public final class TrainingSession: Sendable {
    private struct State {
        var trainer: Trainer?
        var cursor = 0
        var pending: [Action] = []
    }

    let model: PretrainedModel
    let data: TrainingData
    private let state = Mutex(State())

    /// A session that trains `model` on `data`.
    public init(model: PretrainedModel, data: TrainingData) {
        self.model = model
        self.data = data
    }

    /// Starts a run of `request` in a new folder under `runs/`; progress arrives through `drain()`.
    public func launch(_ request: TrainingRequest) {
        let folder = Self.newRunFolder()
        state.withLock { $0.pending.append(.trainingPreparing(runFolder: folder.path)) }
        let model = self.model, data = self.data
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            do {
                let (train, dev, configuration) = try data.load(model: model, settings: request.settings, maxLength: 128)
                try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
                try request.plan.write(to: folder.appendingPathComponent("plan.json"))
                try configuration.encoded().write(to: folder.appendingPathComponent("config.json"), options: .atomic)
                let trainer = Trainer(TrainingSetup(model: model, plan: request.plan, train: train, dev: dev,
                                                    parameters: request.settings.parameters, runFolder: folder))
                state.withLock {
                    $0.trainer = trainer
                    $0.cursor = 0
                }
                trainer.start()
            } catch {
                state.withLock { $0.pending.append(.trainingFailedToStart("\(error)")) }
            }
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

    /// Carries out a training effect on the current run.
    public func perform(_ effect: Effect) {
        guard let trainer = state.withLock({ $0.trainer }) else { return }
        switch effect {
        case .pauseTraining: trainer.pause()
        case .resumeTraining: trainer.resume()
        case .stopTraining: trainer.stop()
        case .evaluateNow: trainer.evaluateNow()
        case .saveNow: trainer.saveNow()
        default: break
        }
    }

    private static func newRunFolder() -> URL {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        let name = "tui-\(formatter.string(from: Date()))"
        return URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("runs/\(name)", isDirectory: true)
    }
}
