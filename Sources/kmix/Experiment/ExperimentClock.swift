import KMix

/// What the step lines of an experiment add: the runs done so far and an ETA for all of them. The ETA is the
/// current run's remaining steps at its pace so far, plus, for every run still to come, the mean length of the runs
/// trained so far in this session (each counted at its pace over all its steps, so that a resumed run counts in
/// full; before one has ended, the current run's).
final class ExperimentClock {
    private let total: Int
    private var done: Int
    private var lengths: [Double] = []
    private var firstStep = 0, runsAfter = 0
    private var pace: Double?, steps = 0

    /// A clock for `total` runs of which `done` are finished already.
    init(total: Int, done: Int) {
        self.total = total
        self.done = done
    }

    /// A run starts at `step` (0, or the step it resumes from), with `runsAfter` unfinished runs after it.
    func begin(fromStep step: Int, runsAfter: Int) {
        firstStep = step
        self.runsAfter = runsAfter
        pace = nil
    }

    /// The end of a step line: `  [1/4 runs done, all ETA 2:10]`.
    func status(_ report: StepReport) -> String {
        let pace = report.elapsed / Double(max(1, report.step - firstStep))
        self.pace = pace
        steps = report.totalSteps
        let length = lengths.isEmpty ? pace * Double(report.totalSteps) : lengths.reduce(0, +) / Double(lengths.count)
        let remaining = pace * Double(report.totalSteps - report.step) + length * Double(runsAfter)
        return "  [\(done)/\(total) runs done, all ETA \(ProgressPrinter.duration(remaining))]"
    }

    /// The current run finished.
    func end() {
        done += 1
        if let pace { lengths.append(pace * Double(steps)) }
    }
}
