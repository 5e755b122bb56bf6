import Dispatch
import Synchronization

/// Slow work (opening a run, exporting, listing runs, probing, allocating) off the main thread; each job's result
/// action, and any action it posts on the way, arrives through `drain()`.
public final class BackgroundJobs: Sendable {
    private let finished = Mutex<[Action]>([])

    /// No jobs yet.
    public init() {}

    /// Runs `job` on a background queue; the action it returns is delivered by a later `drain()`.
    public func run(_ job: @escaping @Sendable () -> Action) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            post(job())
        }
    }

    /// Delivers `action` with the next `drain()`: a job's report of its progress.
    public func post(_ action: Action) {
        finished.withLock { $0.append(action) }
    }

    /// The actions of the jobs finished since the last call.
    public func drain() -> [Action] {
        finished.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
    }
}
