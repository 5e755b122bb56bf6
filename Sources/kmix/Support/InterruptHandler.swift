import Synchronization
import Dispatch
import Foundation

/// Turns the first Ctrl-C into `onInterrupt` (a graceful stop); a second one exits at once.
/// Used from the main thread only.
final class InterruptHandler {
    /// The exit status of a process ended by Ctrl-C: 128 + SIGINT, as shells report it.
    static let exitStatus: Int32 = 128 + SIGINT

    private let source: any DispatchSourceSignal

    init(onInterrupt: @escaping @Sendable () -> Void) {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        let count = Counter()
        source.setEventHandler {
            if count.increment() == 1 {
                FileHandle.standardError.write(Data("\nstopping after this step (Ctrl-C again to quit now)\n".utf8))
                onInterrupt()
            } else {
                exit(InterruptHandler.exitStatus)
            }
        }
        source.resume()
    }

    /// Restores the default Ctrl-C behaviour.
    func cancel() {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }
}

/// A thread-safe counter of interrupts.
private final class Counter: Sendable {
    private let value = Mutex(0)
    func increment() -> Int { value.withLock { $0 += 1; return $0 } }
}
