import Synchronization
import Dispatch
import Foundation

/// Turns the first Ctrl-C (SIGINT), SIGTERM or SIGHUP (a closed terminal) into `onInterrupt`, a graceful stop that
/// saves; a second signal exits at once. The process then exits with `exitStatus`, 128 + the first signal's
/// number, as shells report a process ended by it. Used from the main thread only.
final class InterruptHandler {
    /// The signals that stop a run gracefully.
    static let signals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let sources: [any DispatchSourceSignal]
    private let received = Received()

    init(onInterrupt: @escaping @Sendable () -> Void) {
        let received = received
        sources = Self.signals.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if received.record(number) {
                    let name = number == SIGINT ? "Ctrl-C" : number == SIGTERM ? "SIGTERM" : "SIGHUP"
                    FileHandle.standardError.write(Data("\n\(name): stopping after this step and saving (again to quit now)\n".utf8))
                    onInterrupt()
                } else {
                    exit(128 + number)
                }
            }
            source.resume()
            return source
        }
    }

    /// The exit status of a run the first signal stopped: 128 + its number (130 for Ctrl-C).
    var exitStatus: Int32 { 128 + (received.first ?? SIGINT) }

    /// Restores the signals' default behaviour.
    func cancel() {
        for (source, number) in zip(sources, Self.signals) {
            source.cancel()
            signal(number, SIG_DFL)
        }
    }
}

/// The signals received, thread-safe.
private final class Received: Sendable {
    private let numbers = Mutex<[Int32]>([])

    /// Records `number`; whether it is the first signal.
    func record(_ number: Int32) -> Bool { numbers.withLock { $0.append(number); return $0.count == 1 } }

    /// The first signal received, if any.
    var first: Int32? { numbers.withLock { $0.first } }
}
