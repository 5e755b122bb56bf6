import Dispatch
import Foundation
import Synchronization

/// Signals as requests the program answers in its own time: each watched signal's default action (ending the
/// process) is replaced by a Dispatch source that records it and calls `handler` with the signal and how many
/// watched signals have arrived so far (1 for the first). `kmix` stops a run gracefully on the first and quits on the
/// second; `kmix-tui` looks at `first` once a frame. `cancel` restores the default actions. Used from one thread.
public final class SignalWatch {
    /// SIGINT (Ctrl-C), SIGTERM and SIGHUP (the terminal closed): the signals after which a run stops and saves.
    public static let stopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP]

    private let numbers: [Int32]
    private let received = ReceivedSignals()
    private var sources: [any DispatchSourceSignal] = []

    /// Starts watching `numbers`.
    public init(_ numbers: [Int32] = stopSignals, handler: (@Sendable (_ signal: Int32, _ count: Int) -> Void)? = nil) {
        self.numbers = numbers
        let received = received
        sources = numbers.map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                let count = received.record(number)
                handler?(number, count)
            }
            source.resume()
            return source
        }
    }

    /// The first watched signal received, if any.
    public var first: Int32? { received.first }

    /// Stops watching and restores the signals' default actions.
    public func cancel() {
        for (source, number) in zip(sources, numbers) {
            source.cancel()
            signal(number, SIG_DFL)
        }
        sources.removeAll()
    }
}

/// The signals received, in order; thread-safe.
private final class ReceivedSignals: Sendable {
    private let numbers = Mutex<[Int32]>([])

    /// Records `number`; how many signals have arrived, it included.
    func record(_ number: Int32) -> Int { numbers.withLock { $0.append(number); return $0.count } }

    var first: Int32? { numbers.withLock { $0.first } }
}
