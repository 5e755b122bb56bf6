/// An experiment's results: every run's outcome, the runs grouped by everything but their seed with each group's dev
/// accuracy (mean and sample standard deviation over its finished runs), and, against a baseline group, every other
/// group's paired difference over the seeds both finished, with the t interval of its mean.
public struct ExperimentReport: Sendable {
    /// One run: its point and what its folder says.
    public struct Run: Sendable {
        public let point: ExperimentManifest.Point
        public let outcome: RunOutcome

        /// The run of `point`, with `outcome`.
        public init(point: ExperimentManifest.Point, outcome: RunOutcome) {
            self.point = point
            self.outcome = outcome
        }

        /// Whether its newest checkpoint is at its last step: only finished runs enter the statistics.
        public var isFinished: Bool { if case .complete = outcome.progress { true } else { false } }
    }

    /// The runs that differ only in their seed.
    public struct Group: Sendable {
        public let name: String
        /// Its runs, finished or not.
        public let runs: Int
        /// The dev accuracy of its finished runs: n, mean, sample standard deviation.
        public let accuracy: SampleSummary
        /// The mean adapter parameters and training seconds of its finished runs (nil: none finished).
        public let adapterParameters: Double?
        public let seconds: Double?
    }

    /// A group's dev accuracy minus the baseline's, seed by seed, over the seeds both finished.
    public struct Difference: Sendable {
        public let group: String
        /// The seeds both groups finished, in increasing order.
        public let seeds: [UInt64]
        /// The paired differences: n, mean, sample standard deviation.
        public let differences: SampleSummary
        /// The t interval of the mean difference at `ExperimentReport.level`, with its t factor: mean ±
        /// t(0.975, n − 1) · sd / √n; nil with fewer than two paired seeds.
        public let interval: (low: Double, high: Double, t: Double)?
    }

    /// The confidence level of the intervals.
    public static let level = 0.95

    public let runs: [Run]
    public let groups: [Group]
    /// The group the others are compared with, when one was asked for.
    public let baseline: String?
    /// Every other group against `baseline`, in group order (empty without one).
    public let differences: [Difference]

    /// The report of `runs` (in the experiment's order); with `baseline`, the name of one of their groups, the
    /// paired differences against it.
    public init(runs: [Run], baseline: String?) {
        self.runs = runs
        self.baseline = baseline
        var names: [String] = []
        var members: [String: [Run]] = [:]
        for run in runs {
            if members[run.point.group] == nil { names.append(run.point.group) }
            members[run.point.group, default: []].append(run)
        }
        func mean(_ values: [Double]) -> Double? { values.isEmpty ? nil : values.reduce(0, +) / Double(values.count) }
        groups = names.map { name in
            let finished = members[name]!.filter(\.isFinished)
            return Group(name: name, runs: members[name]!.count,
                         accuracy: SampleSummary(finished.compactMap(\.outcome.devAccuracy)),
                         adapterParameters: mean(finished.compactMap { $0.outcome.adapterParameters.map(Double.init) }),
                         seconds: mean(finished.compactMap(\.outcome.seconds)))
        }
        func accuracies(_ group: String) -> [UInt64: Double] {
            var bySeed: [UInt64: Double] = [:]
            for run in members[group] ?? [] where run.isFinished {
                if let accuracy = run.outcome.devAccuracy { bySeed[run.point.seed] = accuracy }
            }
            return bySeed
        }
        guard let baseline, members[baseline] != nil else {
            differences = []
            return
        }
        let base = accuracies(baseline)
        differences = names.filter { $0 != baseline }.map { name in
            let other = accuracies(name)
            let seeds = other.keys.filter { base[$0] != nil }.sorted()
            let summary = SampleSummary(seeds.map { other[$0]! - base[$0]! })
            return Difference(group: name, seeds: seeds, differences: summary, interval: summary.tInterval(level: Self.level))
        }
    }
}
