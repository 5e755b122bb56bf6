import COpenBLAS
import Dispatch
import Foundation

/// How kmix spreads work over the machine's cores without oversubscribing them.
///
/// Large products use OpenBLAS's own threads (one per core). Many small,
/// independent products (attention per sequence and head) instead run on
/// `concurrentPerform` workers with OpenBLAS held to one thread meanwhile,
/// so the two kinds of threads never compete for the same cores.
public enum ThreadPolicy {
    /// The cores this process may use.
    public static var coreCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// OpenBLAS's thread count (process-wide).
    public static var blasThreads: Int { Int(openblas_get_num_threads()) }

    /// Sets OpenBLAS's process-wide thread count (at least 1).
    public static func setBLASThreads(_ count: Int) {
        openblas_set_num_threads(Int32(max(1, count)))
    }

    /// Runs `body(worker)` for `worker` in `0..<workers` at once, with OpenBLAS
    /// single-threaded inside, and restores OpenBLAS's thread count afterwards.
    /// With one worker the body runs on the calling thread.
    public static func forEachWorker(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        guard workers > 1 else {
            body(0)
            return
        }
        let saved = blasThreads
        setBLASThreads(1)
        DispatchQueue.concurrentPerform(iterations: workers, execute: body)
        setBLASThreads(saved)
    }
}
