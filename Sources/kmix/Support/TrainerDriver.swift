import Foundation
import KMix

/// The loop `kmix train` and `kmix experiment run` watch a run with: the trainer trains on its own queue while the
/// calling thread reads its events.
enum TrainerDriver {
    /// Starts `trainer` and hands each of its events to `show` until it finishes; returns whether a stop request
    /// (Ctrl-C) ended it, saved like a finished run.
    /// - Throws: `CommandError` when the training fails.
    static func run(_ trainer: Trainer, show: (TrainingEvent) -> Void) throws -> Bool {
        trainer.start()
        var cursor = 0, failure: String?, stopped = false, ended = false
        while !ended {
            let read = trainer.events.read(after: cursor)
            cursor = read.cursor
            for event in read.events {
                show(event)
                switch event {
                case let .failed(_, reason):
                    failure = reason
                    ended = true
                case let .finished(summary):
                    stopped = summary.stopped
                    ended = true
                default:
                    break
                }
            }
            if !ended { Thread.sleep(forTimeInterval: 0.05) }
        }
        if let failure { throw CommandError("training failed: \(failure)") }
        return stopped
    }
}
