import Foundation
import KMix

/// `kmix experiment report`'s text: markdown tables (accuracies in %), one CSV row per group, or JSON (accuracies
/// as fractions, as `metrics.jsonl` has them).
struct ReportWriter {
    let report: ExperimentReport
    /// The experiment's folder as given.
    let folder: String

    /// How the interval is computed, said wherever it is printed.
    static let intervalMethod = "95 % t interval over the paired differences: mean ± t(0.975, n−1)·sd/√n"

    func text(_ format: ReportFormat) -> String {
        switch format {
        case .md: markdown
        case .csv: csv
        case .json: json.indentedText() + "\n"
        }
    }

    // MARK: markdown

    private var markdown: String {
        let finished = report.runs.filter(\.isFinished).count
        var lines = ["# Experiment \(folder)", "",
                     "\(report.runs.count) runs, \(finished) finished. A group is the runs that differ only in their seed; n: its "
                        + "finished runs; dev accuracy: their mean ± sample standard deviation; parameters: adapter parameters; "
                        + "time: mean training seconds per run.", "",
                     "| group | n | dev accuracy (%) | parameters | time (s) |", "| --- | ---: | --- | ---: | ---: |"]
        for group in report.groups {
            let accuracy = group.accuracy.mean.map { mean in
                Self.percent(mean) + (group.accuracy.standardDeviation.map { " ± " + Self.percent($0) } ?? "")
            } ?? "–"
            lines.append("| \(group.name) | \(group.accuracy.count) | \(accuracy) | \(Self.count(group.adapterParameters)) | "
                + "\(Self.seconds(group.seconds)) |")
        }
        if let baseline = report.baseline {
            lines += ["", "## Against \(baseline)", "",
                      "Paired by seed: each group's dev accuracy minus \(baseline)'s, in percentage points, over the seeds both "
                        + "finished; interval: the \(Self.intervalMethod) (none with fewer than 2 pairs).", "",
                      "| group | pairs | difference | sd | 95 % interval | t(0.975, n−1) |", "| --- | ---: | ---: | ---: | --- | ---: |"]
            for difference in report.differences {
                let summary = difference.differences
                let interval = difference.interval.map { Self.percent($0.low) + " to " + Self.percent($0.high) } ?? "–"
                lines.append("| \(difference.group) | \(summary.count) | \(summary.mean.map(Self.percent) ?? "–") | "
                    + "\(summary.standardDeviation.map(Self.percent) ?? "–") | \(interval) | "
                    + "\(difference.interval.map { String(format: "%.3f", $0.t) } ?? "–") |")
            }
        }
        lines += ["", "## Runs", "", "| run | plan | seed | state | dev accuracy (%) | parameters | time (s) |",
                  "| --- | --- | ---: | --- | ---: | ---: | ---: |"]
        for run in report.runs {
            let outcome = run.outcome
            lines.append("| \(run.point.name) | \(run.point.plan) | \(run.point.seed) | \(Self.state(outcome.progress)) | "
                + "\(outcome.devAccuracy.map(Self.percent) ?? "–") | \(Self.count(outcome.adapterParameters.map(Double.init))) | "
                + "\(Self.seconds(outcome.seconds)) |")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func percent(_ fraction: Double) -> String { String(format: "%.2f", 100 * fraction) }
    private static func count(_ value: Double?) -> String { value.map { Int($0.rounded()).grouped } ?? "–" }
    private static func seconds(_ value: Double?) -> String { value.map { String(format: "%.1f", $0) } ?? "–" }

    /// A run's state in words.
    static func state(_ progress: RunProgress) -> String {
        switch progress {
        case .absent: "not started"
        case .unsaved: "started, no checkpoint"
        case let .partial(step, total): "stopped at step \(step) of \(total)"
        case .complete: "finished"
        }
    }

    // MARK: CSV

    private var csv: String {
        var header = ["group", "n", "runs", "mean", "std", "params", "seconds"]
        if report.baseline != nil { header += ["baseline", "pairs", "difference", "difference_std", "low", "high", "t"] }
        var rows = [header.joined(separator: ",")]
        for group in report.groups {
            var fields = [group.name, "\(group.accuracy.count)", "\(group.runs)", Self.field(group.accuracy.mean),
                          Self.field(group.accuracy.standardDeviation), Self.field(group.adapterParameters), Self.field(group.seconds)]
            if let baseline = report.baseline {
                let difference = report.differences.first { $0.group == group.name }
                fields += [baseline, difference.map { "\($0.differences.count)" } ?? "", Self.field(difference?.differences.mean),
                           Self.field(difference?.differences.standardDeviation), Self.field(difference?.interval?.low),
                           Self.field(difference?.interval?.high), Self.field(difference?.interval?.t)]
            }
            rows.append(fields.joined(separator: ","))
        }
        return rows.joined(separator: "\n") + "\n"
    }

    private static func field(_ value: Double?) -> String { value.map { "\($0)" } ?? "" }

    // MARK: JSON

    private var json: JSONValue {
        let runs = report.runs.map { run -> JSONValue in
            var members = [("run_dir", .string(run.point.runFolder)), ("name", .string(run.point.name)),
                           ("group", .string(run.point.group)), ("plan", .string(run.point.plan)),
                           ("seed", Self.integer(run.point.seed)), ("state", .string(Self.state(run.outcome.progress))),
                           ("finished", .bool(run.isFinished)), ("params", Self.number(run.outcome.adapterParameters.map(Double.init))),
                           ("dev_accuracy", Self.number(run.outcome.devAccuracy)), ("seconds", Self.number(run.outcome.seconds))]
            if case let .partial(step, total) = run.outcome.progress {
                members += [("step", Self.integer(UInt64(step))), ("total_steps", Self.integer(UInt64(total)))]
            }
            return Self.object(members)
        }
        let groups = report.groups.map { group in
            Self.object([("name", .string(group.name)), ("n", Self.integer(UInt64(group.accuracy.count))),
                         ("runs", Self.integer(UInt64(group.runs))), ("mean", Self.number(group.accuracy.mean)),
                         ("std", Self.number(group.accuracy.standardDeviation)), ("params", Self.number(group.adapterParameters)),
                         ("seconds", Self.number(group.seconds))])
        }
        let differences = report.differences.map { difference in
            let interval = difference.interval.map { interval in
                Self.object([("method", .string(Self.intervalMethod)), ("level", Self.number(ExperimentReport.level)),
                             ("t", Self.number(interval.t)), ("low", Self.number(interval.low)), ("high", Self.number(interval.high))])
            } ?? .null
            return Self.object([("group", .string(difference.group)), ("baseline", .string(report.baseline ?? "")),
                                ("n", Self.integer(UInt64(difference.differences.count))),
                                ("seeds", .array(difference.seeds.map(Self.integer))),
                                ("mean", Self.number(difference.differences.mean)),
                                ("std", Self.number(difference.differences.standardDeviation)), ("interval", interval)])
        }
        return Self.object([("experiment", .string(folder)), ("runs", .array(runs)), ("groups", .array(groups)),
                            ("baseline", report.baseline.map(JSONValue.string) ?? .null), ("differences", .array(differences))])
    }

    private static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        .object(members.map { JSONMember(key: $0.0, value: $0.1) })
    }

    private static func integer(_ value: UInt64) -> JSONValue { .number(JSONNumber(literal: String(value))!) }

    /// A number as JSON: a whole number as an integer, others as Swift writes a `Double` (which JSON reads back exactly).
    private static func number(_ value: Double?) -> JSONValue {
        guard let value, value.isFinite else { return .null }
        if value == value.rounded(), abs(value) < 1e15 { return .number(JSONNumber(literal: String(Int(value)))!) }
        return .number(JSONNumber(literal: value.description)!)
    }
}
