import KMix

/// A run folder followed while another process writes it (`kmix-tui --run DIR --follow`): how recent its last line
/// is and whether it has gone quiet, finished or vanished.
public struct FollowState: Sendable, Equatable {
    /// The run folder as given.
    public var folder: String
    /// Seconds since the last new line was read (nil: none yet).
    public var secondsSinceLine: Double?
    /// The quiet rule's sentence while the run is quiet (`QuietRule`).
    public var quiet: String?
    /// Whether `metrics.jsonl` is not there yet.
    public var waiting = true
    /// Whether the run has finished (`RunFollow`); the folder is no longer read.
    public var finished = false
    /// Whether the folder has vanished; it is no longer read.
    public var gone = false
    /// Whether the run's plan has been put into the editor.
    public var planShown = false

    /// Following `folder`, nothing read yet.
    public init(folder: String) { self.folder = folder }

    /// The status line at `step` of `total` (nil: not known yet): `following RUN — step 12/40, last line 3 s ago`,
    /// `gone quiet: no new line for …`, and what is said while waiting, once finished and when the folder is gone.
    public func line(step: Int, total: Int?) -> String {
        let steps = "step \(step)/\(total.map(String.init) ?? "?")"
        if gone { return "stopped following \(folder): the folder is gone" }
        if finished { return "followed \(folder) — finished at \(steps)" }
        if let quiet { return "gone quiet: \(quiet)" }
        if waiting { return "following \(folder) — waiting for its metrics.jsonl (the run has not started or not arrived)" }
        let last = secondsSinceLine.map { "last line \(QuietRule.duration($0)) ago" } ?? "no line yet"
        return "following \(folder) — \(steps), \(last)"
    }
}

/// What the run follower read at one poll: the whole history so far and the follower's state.
public struct FollowReport: Sendable, Equatable {
    /// The run folder as given.
    public var folder: String
    /// The run's plan, once `plan.json` can be read.
    public var plan: AdapterPlan?
    /// Every line read so far.
    public var history = MetricsLog()
    /// The run's latest reallocation, if its ranks have moved.
    public var reallocation: ReallocationReport?
    /// The run's length, once known.
    public var totalSteps: Int?
    /// Whether the run trains a decoder to write text.
    public var isGeneration = false
    /// Seconds since the last new line was read (nil: none yet).
    public var secondsSinceLine: Double?
    /// The quiet rule's sentence while the run is quiet.
    public var quiet: String?
    /// Whether `metrics.jsonl` is not there yet.
    public var waiting = true
    /// Whether the run has finished: the follower's last report.
    public var finished = false
    /// Whether the folder has vanished: the follower's last report.
    public var gone = false
    /// Sentences about lines skipped at this poll.
    public var warnings: [String] = []

    /// A report on `folder` with nothing read yet.
    public init(folder: String) { self.folder = folder }
}
