import COpenBLAS
import Dispatch
import Foundation

/// How kmix spreads work over the machine's cores without oversubscribing them.
///
/// Data parallelism over sequences: a batch is split into one group of
/// sequences per worker (balanced by token count, see `PackedBatch.split`),
/// and each worker runs its group through the whole network with
/// single-threaded OpenBLAS. Workers share nothing but read-only weights, so
/// a pass needs no synchronisation, every element-wise loop runs in parallel,
/// and no idle BLAS threads spin beside the workers (OpenBLAS's own threads
/// spin for ~0.1 s after each call, which costs the element-wise work and a UI
/// thread their core). Measured on 2 cores: two single-threaded sgemm calls on
/// half-batches reach the same total GFLOP/s as one two-threaded call.
public enum ThreadPolicy {
    /// The cores this process may use.
    public static var coreCount: Int { ProcessInfo.processInfo.activeProcessorCount }

    /// Workers a batch is split over: `$KMIX_THREADS` when set, else one per core.
    public static var defaultWorkers: Int {
        if let text = ProcessInfo.processInfo.environment["KMIX_THREADS"], let count = Int(text), count > 0 {
            return count
        }
        return coreCount
    }

    /// OpenBLAS is set to one thread once, before the first parallel work.
    private static let singleThreadedBLAS: Void = openblas_set_num_threads(1)

    /// Runs `body(worker)` for `worker` in `0..<workers` at once (on the calling
    /// thread when there is one worker), with OpenBLAS single-threaded.
    public static func forEachWorker(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        _ = singleThreadedBLAS
        guard workers > 1 else {
            body(0)
            return
        }
        DispatchQueue.concurrentPerform(iterations: workers, execute: body)
    }
}
