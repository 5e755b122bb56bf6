import Dispatch
import Foundation
import Synchronization

/// Trains Kernel-mix adapters in the background and reports as it goes.
///
/// `start()` runs the training loop on its own Dispatch queue; it is the only
/// code that touches the model's trainable state (it builds the classifier
/// there). Any thread may read `events` and send controls (pause, resume,
/// stop, evaluate now, save now); the loop reads the controls between steps.
/// A paused run waits between two steps and carries out an evaluation or a
/// save request at once, staying paused. A NaN or infinite loss ends the run
/// with `.failed`.
public final class Trainer: Sendable {
    /// What the trainer publishes; read it with cursors (see `EventLog`).
    public let events: EventLog<TrainingEvent>
    private let setup: TrainingSetup
    private let controls = Mutex(Controls())
    private let outcome = Mutex<TrainingSummary?>(nil)
    private let done = DispatchGroup()
    private let ended = Atomic<Bool>(false)

    private struct Controls {
        var paused = false
        var stopRequested = false
        var evaluationRequested = false
        var saveRequested = false
    }

    /// A trainer for `setup`; nothing runs until `start()`.
    public init(_ setup: TrainingSetup, eventCapacity: Int = 65_536) {
        self.setup = setup
        events = EventLog(capacity: eventCapacity)
    }

    /// Starts training on a background queue.
    public func start() {
        done.enter()
        DispatchQueue(label: "kmix.trainer", qos: .userInitiated).async {
            defer {
                self.ended.store(true, ordering: .releasing)
                self.done.leave()
            }
            self.run()
        }
    }

    /// Pauses between steps until `resume()` or `stop()`.
    public func pause() { controls.withLock { $0.paused = true } }
    /// Continues a paused run.
    public func resume() { controls.withLock { $0.paused = false } }
    /// Ends the run after the current step (a final evaluation and save still happen).
    public func stop() { controls.withLock { $0.stopRequested = true } }
    /// Evaluates on the dev set after the current step, or at once while paused.
    public func evaluateNow() { controls.withLock { $0.evaluationRequested = true } }
    /// Saves the adapters after the current step, or at once while paused.
    public func saveNow() { controls.withLock { $0.saveRequested = true } }

    /// Whether the run has ended (finished, stopped or failed).
    public var hasEnded: Bool { ended.load(ordering: .acquiring) }

    /// Blocks until the run has ended; returns its summary (nil when it failed).
    @discardableResult
    public func waitUntilFinished() -> TrainingSummary? {
        done.wait()
        return outcome.withLock { $0 }
    }

    private func run() {
        do {
            let summary = try TrainingLoop(setup: setup, publish: events.append, controls: nextControl).run()
            outcome.withLock { $0 = summary }
            events.append(.finished(summary))
        } catch let failure as TrainingFailure {
            events.append(.failed(step: failure.step, reason: failure.reason))
        } catch {
            events.append(.failed(step: 0, reason: "\(error)"))
        }
    }

    /// What the loop should do before its next step; waits while paused, and
    /// meanwhile has `serve` carry out evaluation and save requests at once.
    private func nextControl(step: Int, serve: (_ evaluate: Bool, _ save: Bool) throws -> Void) throws
        -> TrainingLoop.Control {
        var pauseStart: DispatchTime?
        while true {
            let state = controls.withLock { controls -> Controls in
                let snapshot = controls
                controls.evaluationRequested = false
                controls.saveRequested = false
                return snapshot
            }
            if state.stopRequested { return .stop }
            if state.paused {
                if pauseStart == nil {
                    events.append(.paused(step: step))
                    pauseStart = .now()
                }
                if state.evaluationRequested || state.saveRequested {
                    try serve(state.evaluationRequested, state.saveRequested)
                } else {
                    Thread.sleep(forTimeInterval: 0.01)
                }
                continue
            }
            var paused = 0.0
            if let pauseStart {
                events.append(.resumed(step: step))
                paused = Double(DispatchTime.now().uptimeNanoseconds - pauseStart.uptimeNanoseconds) / 1e9
            }
            return .proceed(evaluate: state.evaluationRequested, save: state.saveRequested, pausedSeconds: paused)
        }
    }
}
