import COpenBLAS
import Foundation
import Synchronization

/// How kmix spreads work over the machine's cores without oversubscribing them.
///
/// Data parallelism over sequences: a batch is split into one group of
/// sequences per worker (balanced by token count, see `PackedBatch.split`),
/// and each worker runs its group through the whole network with
/// single-threaded OpenBLAS. Workers share nothing but read-only weights, so
/// a pass needs no synchronisation, every element-wise loop runs in parallel,
/// and no idle BLAS threads spin beside the workers (OpenBLAS's own threads
/// spin for ~0.1 s after each call, which costs the element-wise work and a UI
/// thread their core). Measured on 2 cores (quiet machine): two concurrent
/// single-threaded sgemm calls run as fast as one alone (0.156 s vs 0.142 s for
/// 50 products of 356x384 by 384x1536), and a 30-step paper-nlu training run
/// takes 6.1 s with 2 workers against 8.7 s with 1 worker and 2 BLAS threads.
/// With one worker, OpenBLAS gets all the cores (`shareCores`).
public enum ThreadPolicy {
    /// The cores this process may use (read once: reading it allocates).
    public static let coreCount = ProcessInfo.processInfo.activeProcessorCount

    /// Why `$KMIX_THREADS` cannot be used (it is set but not a whole number of at least 1), or nil.
    public static var environmentProblem: String? {
        guard let text = ProcessInfo.processInfo.environment["KMIX_THREADS"] else { return nil }
        return Int(text).map { $0 >= 1 } == true ? nil : "KMIX_THREADS=\(text) is not a whole number of at least 1"
    }

    /// Workers a batch is split over: `$KMIX_THREADS` when set, else one per core.
    public static var defaultWorkers: Int {
        if let text = ProcessInfo.processInfo.environment["KMIX_THREADS"], let count = Int(text), count > 0 {
            return count
        }
        return coreCount
    }

    /// Gives OpenBLAS `cores / workers` threads (at least one), so that workers
    /// and BLAS threads together never exceed the cores.
    static func shareCores(with workers: Int) {
        let threads = Int32(max(1, coreCount / max(1, workers)))
        if openblas_get_num_threads() != threads { openblas_set_num_threads(threads) }
    }

    /// Runs `body(worker)` for `worker` in `0..<workers` (none when 0) at once, with OpenBLAS
    /// sharing the remaining cores: worker 0 on the calling thread, the others on
    /// the helper threads of a pool that persists between calls.
    ///
    /// Plain threads rather than `DispatchQueue.concurrentPerform`, so that the
    /// number of workers running at once is exactly `workers` whatever the
    /// Dispatch pool is doing (the trainer itself runs on a Dispatch queue).
    /// The pool is kept, so a step starts no threads and allocates nothing; a
    /// call made while another caller has the pool gets threads of its own.
    public static func forEachWorker(_ workers: Int, _ body: @Sendable (Int) -> Void) {
        shareCores(with: workers)
        guard workers > 1 else {
            if workers == 1 { body(0) }
            return
        }
        let shared = SharedWorkerPool.acquire(helpers: workers - 1)
        let pool = shared ?? WorkerPool(helpers: workers - 1)
        pool.run(workers, body)
        if shared != nil { SharedWorkerPool.release() } else { pool.shutDown() }
    }
}

/// The process's worker pool, used by one caller at a time.
private enum SharedWorkerPool {
    private static let state = Mutex<(pool: WorkerPool?, busy: Bool)>((nil, false))

    /// The pool, grown to at least `helpers` threads, or nil while another caller has it.
    static func acquire(helpers: Int) -> WorkerPool? {
        state.withLock { state in
            guard !state.busy else { return nil }
            if let pool = state.pool, pool.helpers < helpers {
                pool.shutDown()
                state.pool = nil
            }
            let pool = state.pool ?? WorkerPool(helpers: helpers)
            state = (pool, true)
            return pool
        }
    }

    /// Gives the pool back.
    static func release() { state.withLock { $0.busy = false } }
}
