import Dispatch
import Synchronization

/// The kinds of work a training step is made of, for the time breakdown.
public enum OperationKind: String, CaseIterable, Sendable {
    case projections = "Q/K/V/O projections"
    case feedForward = "feed-forward"
    case attention = "attention"
    case adapters = "adapters"
    case elementwise = "element-wise"
    case head = "task head, loss, gradient sum"
    case optimizer = "optimiser"
}

/// Time spent per kind of operation, summed over all workers, when profiling is on.
///
/// Off by default (one atomic load per measured block); `kmix-bench --breakdown`
/// turns it on. Times are CPU-side wall times of each block on its own worker,
/// so with two workers the total is about twice the elapsed time.
public final class OperationProfile: Sendable {
    /// The process-wide profile.
    public static let shared = OperationProfile()

    private let enabled = Atomic<Bool>(false)
    private let totals = Mutex<[OperationKind: UInt64]>([:])

    /// Turns measuring on or off.
    public func enable(_ on: Bool) { enabled.store(on, ordering: .relaxed) }

    /// Forgets what was measured.
    public func reset() { totals.withLock { $0 = [:] } }

    /// Seconds measured per kind.
    public func seconds() -> [OperationKind: Double] {
        totals.withLock { $0.mapValues { Double($0) / 1e9 } }
    }

    /// Runs `body`, adding its duration to `kind` when profiling is on.
    @inline(__always)
    public func measure<Result>(_ kind: OperationKind, _ body: () throws -> Result) rethrows -> Result {
        guard enabled.load(ordering: .relaxed) else { return try body() }
        let start = DispatchTime.now().uptimeNanoseconds
        defer {
            let elapsed = DispatchTime.now().uptimeNanoseconds - start
            totals.withLock { $0[kind, default: 0] += elapsed }
        }
        return try body()
    }
}
