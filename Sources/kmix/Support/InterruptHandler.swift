import Foundation
import KMix

/// Turns the first Ctrl-C (SIGINT), SIGTERM or SIGHUP (a closed terminal) into `onInterrupt`, a graceful stop that
/// saves; a second signal exits at once. The process then exits with `exitStatus`, 128 + the first signal's
/// number, as shells report a process ended by it. Used from the main thread only.
final class InterruptHandler {
    private let watch: SignalWatch

    init(onInterrupt: @escaping @Sendable () -> Void) {
        watch = SignalWatch { number, count in
            guard count == 1 else { exit(128 + number) }
            let name = number == SIGINT ? "Ctrl-C" : number == SIGTERM ? "SIGTERM" : "SIGHUP"
            FileHandle.standardError.write(Data("\n\(name): stopping after this step and saving (again to quit now)\n".utf8))
            onInterrupt()
        }
    }

    /// The exit status of a run the first signal stopped: 128 + its number (130 for Ctrl-C).
    var exitStatus: Int32 { 128 + (watch.first ?? SIGINT) }

    /// Restores the signals' default behaviour.
    func cancel() { watch.cancel() }
}
