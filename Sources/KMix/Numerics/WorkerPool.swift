import Dispatch
import Foundation
import Synchronization

/// Helper threads that wait between jobs, so that spreading a step over the
/// cores starts no threads and allocates nothing.
///
/// `run` hands one job to every helper and runs worker 0 itself. The job is a
/// non-escaping closure: it is stored only while `run` runs, and each helper
/// drops its copy before reporting that it has finished.
final class WorkerPool: Sendable {
    /// Helper threads (workers 1...helpers).
    let helpers: Int
    /// The job of the current `run`. `nonisolated(unsafe)` because the semaphores order
    /// every access: `run` sets it before signalling `start` and clears it after
    /// waiting for `finished`; helpers read it between those. (A `Mutex` would hold
    /// the closure generically, and converting it to and from that form allocates.)
    nonisolated(unsafe) private var job: (@Sendable (Int) -> Void)?
    private let start: [DispatchSemaphore]
    private let finished = DispatchSemaphore(value: 0)
    private let stopping = Atomic<Bool>(false)

    /// Starts `helpers` threads, waiting for work.
    init(helpers: Int) {
        self.helpers = helpers
        start = (0..<helpers).map { _ in DispatchSemaphore(value: 0) }
        for helper in 0..<helpers {
            let thread = Thread { self.serve(helper + 1) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }

    /// Runs `body(worker)` for `worker` in `0..<workers` at once: worker 0 on the
    /// calling thread, the others on helpers. Returns when all have finished.
    /// - Precondition: `workers - 1 <= helpers`; one `run` at a time.
    func run(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        precondition(workers - 1 <= helpers, "\(workers) workers need more than \(helpers) helper threads")
        withoutActuallyEscaping(body) { body in
            job = body
            for worker in 1..<max(1, workers) { start[worker - 1].signal() }
            body(0)
            for _ in 1..<max(1, workers) { finished.wait() }
            job = nil
        }
    }

    /// Ends the helper threads once they are idle.
    func shutDown() {
        stopping.store(true, ordering: .releasing)
        for semaphore in start { semaphore.signal() }
    }

    private func serve(_ worker: Int) {
        while true {
            start[worker - 1].wait()
            if stopping.load(ordering: .acquiring) { return }
            perform(worker)
            finished.signal()
        }
    }

    /// Runs the current job for `worker`; its copy of the job is released on return.
    private func perform(_ worker: Int) {
        job?(worker)
    }
}
