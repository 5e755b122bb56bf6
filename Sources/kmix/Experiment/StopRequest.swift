import KMix
import Synchronization

/// Ctrl-C during an experiment: the run in progress stops after its current step (it evaluates and saves), and no
/// other run starts. Any thread may request; the runner attaches each trainer while it runs.
final class StopRequest: Sendable {
    private let state = Mutex<(requested: Bool, trainer: Trainer?)>((false, nil))

    /// Asks the attached trainer, if any, to stop, and every later run not to start.
    func request() {
        state.withLock { state in
            state.requested = true
            return state.trainer
        }?.stop()
    }

    /// Whether a stop was requested.
    var isRequested: Bool { state.withLock { $0.requested } }

    /// Makes `trainer` the one a request stops (at once, when one came already).
    func attach(_ trainer: Trainer) {
        let requested = state.withLock { state in
            state.trainer = trainer
            return state.requested
        }
        if requested { trainer.stop() }
    }

    /// Forgets the trainer of a run that ended.
    func detach() { state.withLock { $0.trainer = nil } }
}
