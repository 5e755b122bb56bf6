import Dispatch
import Foundation
import KMix
import Synchronization

/// Reads a run folder another process writes, once a second on a background queue (`RunFollow`), and posts what it
/// has read so far as `.followed` to the app's jobs, until it is cancelled, the run finishes or the folder vanishes.
final class RunFollower: Sendable {
    /// Seconds between two reads.
    static let interval = 1.0
    private let cancelled = Atomic<Bool>(false)

    /// Starts following `path` (a run of a model of `shape`), posting to `jobs`.
    init(path: String, shape: AdapterPlan.ModelShape, quietAfter: Double?, jobs: BackgroundJobs) {
        DispatchQueue.global(qos: .utility).async { [self] in
            follow(path: path, shape: shape, quietAfter: quietAfter, jobs: jobs)
        }
    }

    /// Stops reading after the current read.
    func cancel() { cancelled.store(true, ordering: .relaxed) }

    private func follow(path: String, shape: AdapterPlan.ModelShape, quietAfter: Double?, jobs: BackgroundJobs) {
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        var follow = RunFollow(folder: folder, quietAfter: quietAfter)
        var report = FollowReport(folder: path)
        // A run started on another machine may not have reached this one yet: until the folder has been seen, its
        // absence means waiting, not gone.
        var seenFolder = false
        while !cancelled.load(ordering: .relaxed) {
            let now = Double(DispatchTime.now().uptimeNanoseconds) / 1e9
            if report.plan == nil, let plan = RunFollow.startingPlan(in: folder, shape: shape) {
                report.plan = plan
                follow.plan = plan
            }
            let update = follow.poll(now: now)
            for event in update.events {
                report.history.add(event)
                if case let .reallocated(reallocation) = event { report.reallocation = reallocation }
            }
            report.totalSteps = follow.totalSteps
            report.isGeneration = follow.configuration?.isGeneration == true || !report.history.perplexity.isEmpty
            report.secondsSinceLine = follow.quiet.lastLine.map { now - $0 }
            report.quiet = follow.quiet.isQuiet ? follow.quiet.sentence(.wentQuiet(seconds: now - (follow.quiet.lastLine ?? now))) : nil
            report.waiting = !update.fileExists
            report.finished = update.finished
            seenFolder = seenFolder || update.folderExists
            report.gone = seenFolder && !update.folderExists
            report.warnings = update.warnings
            jobs.post(.followed(report))
            if report.finished || report.gone { return }
            Thread.sleep(forTimeInterval: Self.interval)
        }
    }
}
