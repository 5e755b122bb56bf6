import Foundation

/// Follows a run folder that another process writes (`kmix watch`, `kmix-tui --run DIR --follow`): reads new lines
/// of its `metrics.jsonl` as events (`MetricsTail`), reads its `config.json` once it is there, knows its length, and
/// says when it has gone quiet (`QuietRule`) and when it has finished.
///
/// A run has finished when its last step's line has been read (the total from `config.json`:
/// `RunConfiguration.totalSteps(lastStep:epoch:)`), then its final evaluation's line at that step (when the run has a
/// dev set), and its `adapters.safetensors` records that step or its checkpoint of that step is there (`kmix train`
/// writes them last, after the final evaluation and its samples). A run stopped early saves too, but before its last step: it does not count as
/// finished, since `--resume` may continue it.
public struct RunFollow: Sendable {
    /// What one poll found.
    public struct Update: Sendable {
        /// The events of the new lines, in order.
        public var events: [TrainingEvent] = []
        /// One sentence per line skipped: not JSON, or without the fields its event needs.
        public var warnings: [String] = []
        /// Whether the run folder exists.
        public var folderExists = true
        /// Whether `metrics.jsonl` exists.
        public var fileExists = false
        /// Whether `metrics.jsonl` was found replaced or rewritten and read again from its start.
        public var restarted = false
        /// The run went quiet or resumed.
        public var quiet: QuietRule.Change?
        /// Whether the run has finished (see `RunFollow`).
        public var finished = false
    }

    /// The run folder.
    public let folder: URL
    private var tail: MetricsTail
    /// The quiet rule and when the last line came.
    public private(set) var quiet: QuietRule
    /// The run's configuration, once its `config.json` could be read.
    public private(set) var configuration: RunConfiguration?
    /// The plan a reallocation line's ranks replace (nil: reallocation lines are skipped).
    public var plan: AdapterPlan?
    /// The last step read, and the step of the last evaluation read after it.
    public private(set) var lastStep = 0
    private var lastEpoch = 0.0
    private var lastEvaluation: Int?

    /// A follower of the run in `folder` with the quiet threshold `quietAfter` seconds (nil: `QuietRule`'s).
    public init(folder: URL, quietAfter: Double?, plan: AdapterPlan? = nil) {
        self.folder = folder
        tail = MetricsTail(folder: folder)
        quiet = QuietRule(quietAfter: quietAfter)
        self.plan = plan
    }

    /// The plan the run in `folder` started with (`plan.initial.json`, which a reallocating run keeps, else
    /// `plan.json`) for a model of `shape`; nil while it cannot be read.
    public static func startingPlan(in folder: URL, shape: AdapterPlan.ModelShape) -> AdapterPlan? {
        let initial = folder.appendingPathComponent("plan.initial.json")
        let file = FileManager.default.fileExists(atPath: initial.path) ? initial : folder.appendingPathComponent("plan.json")
        return try? AdapterPlan.load(from: file, for: shape)
    }

    /// The run's length, once known.
    public var totalSteps: Int? {
        configuration?.totalSteps(lastStep: lastStep, epoch: lastEpoch)
    }

    /// Reads what was written since the last poll, at `now` seconds on a monotonic clock.
    public mutating func poll(now: Double, date: Date = Date()) -> Update {
        if configuration == nil { configuration = try? RunConfiguration.load(fromRun: folder) }
        let read = tail.poll()
        var update = Update(warnings: read.warnings, folderExists: read.folderExists, fileExists: read.fileExists,
                            restarted: read.restarted)
        for line in read.lines {
            let record = line.record
            if lastStep == 0, let step = record["step"]?.intValue, let epoch = record["epoch"]?.numberValue?.double,
               record["event"]?.stringValue == "step" {
                lastStep = step
                lastEpoch = epoch
            }
            do {
                guard let event = try TrainingEvent.read(metricsRecord: record, totalSteps: totalSteps ?? 0, plan: plan)
                else { continue }
                note(event)
                update.events.append(event)
            } catch {
                update.warnings.append("\(tail.url.path) line \(line.number): \(error.reason); skipped")
            }
        }
        let steps = update.events.compactMap { event -> StepReport? in
            if case let .step(report) = event { return report }
            return nil
        }
        update.quiet = quiet.read(lines: read.lines.count, steps: steps, now: now, date: date) ?? quiet.check(now: now)
        update.finished = isFinished
        return update
    }

    private mutating func note(_ event: TrainingEvent) {
        switch event {
        case let .step(report):
            lastStep = report.step
            lastEpoch = report.epoch
            lastEvaluation = nil
        case let .evaluation(report) where report.step == lastStep:
            lastEvaluation = report.step
        default:
            break
        }
    }

    /// Whether the run has finished (see `RunFollow`).
    private var isFinished: Bool {
        guard let configuration, let total = totalSteps, lastStep >= total else { return false }
        if configuration.devFile != nil, lastEvaluation != lastStep { return false }
        let adapters = folder.appendingPathComponent("adapters.safetensors")
        if let saved = (try? SafeTensorsFile(url: adapters))?.metadata["step"], Int(saved) == lastStep { return true }
        // A synced copy may keep an earlier `adapters.safetensors` of the same size and second (rsync's quick check
        // skips it); the final checkpoint, a new folder, says the same.
        return CheckpointFolder(runFolder: folder, runID: configuration.runID).steps().contains(lastStep)
    }
}

extension RunConfiguration {
    /// The run's length: `max_steps` when it records one (`--epochs` may not end a run before it), else its epochs
    /// times the steps of an epoch, which a step line gives (its epoch is the steps so far over the steps per epoch:
    /// `lastStep` over `epoch`); nil without either.
    public func totalSteps(lastStep: Int, epoch: Double) -> Int? {
        guard lastStep > 0, epoch > 0 else { return maxSteps }
        let perEpoch = Int((Double(lastStep) / epoch).rounded())
        return min(maxSteps ?? Int.max, perEpoch * max(1, epochs))
    }
}
