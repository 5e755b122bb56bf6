import Synchronization
import Testing
@testable import KMix

/// `ThreadPolicy.forEachWorker` on its persistent pool of helper threads.
struct WorkerPoolTests {
    @Test func workersAllRunOnceEveryCallAndCallsMayOverlap() {
        for workers in [1, 2, 3, 2] {
            let runs = Mutex([Int](repeating: 0, count: workers))
            ThreadPolicy.forEachWorker(workers) { worker in runs.withLock { $0[worker] += 1 } }
            #expect(runs.withLock { $0 } == [Int](repeating: 1, count: workers))
        }
        let none = Atomic<Int>(0)
        ThreadPolicy.forEachWorker(0) { _ in none.add(1, ordering: .relaxed) }
        #expect(none.load(ordering: .relaxed) == 0, "no workers, no runs")
        let total = Atomic<Int>(0)
        ThreadPolicy.forEachWorker(2) { outer in
            // A caller that finds the shared pool busy gets threads of its own.
            ThreadPolicy.forEachWorker(2) { inner in total.add(10 * outer + inner + 1, ordering: .relaxed) }
        }
        #expect(total.load(ordering: .relaxed) == 1 + 2 + 11 + 12)
    }
}
