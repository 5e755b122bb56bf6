import Foundation

/// When a followed run counts as gone quiet: no new line of `metrics.jsonl` for `threshold` seconds, measured on the
/// reader's clock from the moment it last read a new line (the writer's clock may be another machine's).
///
/// The threshold is the one given (`--quiet-after`), else 3 × the median time between the run's last 20 steps, from
/// their step lines' `elapsed` (the writer's own pace, however late the lines arrive), and at least 30 s. Before the
/// first line nothing is quiet: a run may take long to load its model and data.
public struct QuietRule: Sendable {
    /// The threshold without a given one: at least this many seconds …
    public static let minimum = 30.0
    /// … and this many times the median step interval …
    public static let factor = 3.0
    /// … over this many recent steps.
    public static let recentSteps = 20

    /// What changed at a check.
    public enum Change: Sendable, Equatable {
        /// No new line for `seconds`, at least the threshold: said once.
        case wentQuiet(seconds: Double)
        /// A new line after the run had gone quiet, `seconds` after the one before.
        case resumed(seconds: Double)
    }

    /// The threshold given, if one was.
    public let fixed: Double?
    /// `elapsed` of the recent step lines, oldest first.
    private var stepTimes: [Double] = []
    /// When (reader's clock, seconds) the last new line was read; nil before the first.
    public private(set) var lastLine: Double?
    /// The last step line's step and when it was read (wall clock).
    public private(set) var lastStep: (step: Int, date: Date)?
    /// Whether the run is quiet now.
    public private(set) var isQuiet = false

    /// A rule with the threshold `quietAfter` seconds (nil: from the run's pace).
    public init(quietAfter: Double?) { fixed = quietAfter }

    /// The silence after which the run counts as quiet.
    public var threshold: Double {
        if let fixed { return fixed }
        let intervals = zip(stepTimes.dropFirst(), stepTimes).map { $0 - $1 }.filter { $0 >= 0 }.sorted()
        guard !intervals.isEmpty else { return Self.minimum }
        let middle = intervals.count / 2
        let median = intervals.count % 2 == 1 ? intervals[middle] : (intervals[middle - 1] + intervals[middle]) / 2
        return max(Self.minimum, Self.factor * median)
    }

    /// Records new lines read at `now` (reader's clock) and `date`, with the step reports among them; returns
    /// `.resumed` when the run had gone quiet.
    public mutating func read(lines count: Int, steps: [StepReport], now: Double, date: Date) -> Change? {
        guard count > 0 else { return nil }
        for report in steps {
            if let last = stepTimes.last, report.elapsed < last { stepTimes.removeAll() }
            stepTimes.append(report.elapsed)
            lastStep = (report.step, date)
        }
        stepTimes = Array(stepTimes.suffix(Self.recentSteps + 1))
        defer {
            lastLine = now
            isQuiet = false
        }
        guard isQuiet, let lastLine else { return nil }
        return .resumed(seconds: now - lastLine)
    }

    /// Whether the run has just gone quiet at `now`.
    public mutating func check(now: Double) -> Change? {
        guard !isQuiet, let lastLine, now - lastLine >= threshold else { return nil }
        isQuiet = true
        return .wentQuiet(seconds: now - lastLine)
    }

    /// The sentence for `change`: `no new line for 2 min 10 s (last: step 120 at 14:03:22); the writer may have
    /// stopped or the filesystem may be behind`, or `new lines again after 2 min 30 s`.
    public func sentence(_ change: Change) -> String {
        switch change {
        case let .wentQuiet(seconds):
            let last = lastStep.map { "step \($0.step) at \(Self.clock($0.date))" } ?? "no step yet"
            return "no new line for \(Self.duration(seconds)) (last: \(last)); the writer may have stopped or the "
                + "filesystem may be behind"
        case let .resumed(seconds):
            return "new lines again after \(Self.duration(seconds))"
        }
    }

    /// `seconds` in words: `45 s`, `2 min 10 s`, `1 h 5 min`.
    public static func duration(_ seconds: Double) -> String {
        let s = max(0, Int(seconds.rounded()))
        if s < 60 { return "\(s) s" }
        if s < 3600 { return s % 60 == 0 ? "\(s / 60) min" : "\(s / 60) min \(s % 60) s" }
        return "\(s / 3600) h \(s / 60 % 60) min"
    }

    /// `date` as local time of day, `14:03:22`.
    static func clock(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.dateFormat = "HH:mm:ss"
        return formatter.string(from: date)
    }
}
