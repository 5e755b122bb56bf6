import Foundation
import KMix

/// What `kmix watch` has said so far, and the printing of each poll's news.
struct RunWatch {
    let run: String
    var follow: RunFollow
    private var headerShown = false
    private var saidWaiting = false

    init(run: String, follow: RunFollow) {
        self.run = run
        self.follow = follow
    }

    /// Reads the folder once and prints what is new; returns whether the run has finished.
    /// - Throws: `CommandError` when the folder has vanished.
    mutating func poll(now: Double) throws -> Bool {
        let update = follow.poll(now: now)
        guard update.folderExists else {
            throw CommandError("the run folder \(run) is gone (removed, renamed or unmounted); stopped watching")
        }
        if !headerShown, let configuration = follow.configuration {
            headerShown = true
            let plan = RunHeader.plan(in: follow.folder, model: configuration.model)
            follow.plan = plan
            print(RunHeader.text(run: run, configuration: configuration, plan: plan))
        }
        if !update.fileExists, !saidWaiting {
            saidWaiting = true
            print("waiting for \(follow.folder.appendingPathComponent("metrics.jsonl").path): the run has not started yet")
        }
        if update.restarted {
            print("metrics.jsonl was rewritten (a resumed run?); reading it again from the start, without repeating lines")
        }
        for warning in update.warnings { FileHandle.standardError.write(Data("warning: \(warning)\n".utf8)) }
        for event in update.events {
            if case .headNorms = event { continue }
            print(event.description)
        }
        if let change = update.quiet { print(follow.quiet.sentence(change)) }
        if update.finished { print("finished: step \(follow.lastStep)/\(follow.lastStep), adapters saved") }
        return update.finished
    }
}
