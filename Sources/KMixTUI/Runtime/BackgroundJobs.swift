import Dispatch
import Synchronization

/// Slow file work (opening a run, exporting) off the main thread; each job's result action arrives through `drain()`.
public final class BackgroundJobs: Sendable {
    private let finished = Mutex<[Action]>([])

    /// No jobs yet.
    public init() {}

    /// Runs `job` on a background queue; the action it returns is delivered by a later `drain()`.
    public func run(_ job: @escaping @Sendable () -> Action) {
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let action = job()
            finished.withLock { $0.append(action) }
        }
    }

    /// The actions of the jobs finished since the last call.
    public func drain() -> [Action] {
        finished.withLock { actions in
            defer { actions.removeAll() }
            return actions
        }
    }
}
