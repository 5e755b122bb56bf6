import Dispatch
import Foundation
import Synchronization

/// SIGINT, SIGTERM and SIGHUP (the terminal closed) as requests to stop: `App` sees the first one at its next
/// frame, stops a run still training (which evaluates and saves), restores the terminal and ends with it, so a
/// closed terminal loses no training. Create once, after the terminal is set up; the signals' earlier handlers
/// (`TerminalGuard`'s restore-and-die) are replaced.
public final class StopSignals {
    /// The signals that stop the app with a save.
    public static let numbers: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let first = FirstSignal()
    private let sources: [any DispatchSourceSignal]

    /// Starts listening.
    public init() {
        let first = first
        sources = Self.numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { first.record(number) }
            source.resume()
            return source
        }
    }

    /// The first signal received, if any.
    public var received: Int32? { first.value }
}

/// The first of the signals received, thread-safe.
private final class FirstSignal: Sendable {
    private let number = Mutex<Int32?>(nil)

    func record(_ signal: Int32) { number.withLock { $0 = $0 ?? signal } }

    var value: Int32? { number.withLock { $0 } }
}
