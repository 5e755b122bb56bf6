import Foundation

/// What a run folder says about its result: how far it got, its plan's size, its final dev accuracy and its
/// training time.
public struct RunOutcome: Sendable, Equatable {
    /// How far it got.
    public let progress: RunProgress
    /// The adapter parameters of its plan (`plan.json` read for its model: `AdapterPlan.adapterParameters`); nil
    /// before the run has a plan.
    public let adapterParameters: Int?
    /// The dev accuracy evaluated at its last step; nil unless it is complete and has a dev set.
    public let devAccuracy: Double?
    /// Seconds of training: the `elapsed` of `metrics.jsonl`'s step lines, summed over the sessions of a resumed run
    /// (each session counts from its own start); nil before its first step.
    public let seconds: Double?

    /// The outcome of the run in `folder`, its progress read by `reader`.
    /// - Throws: the errors of reading its progress, `config.json`, `plan.json` and its model's `config.json`.
    public static func read(_ folder: URL, reader: inout RunProgressReader) throws -> RunOutcome {
        let progress = try reader.progress(of: folder)
        let plan = folder.appendingPathComponent("plan.json")
        guard FileManager.default.fileExists(atPath: plan.path) else {
            return RunOutcome(progress: progress, adapterParameters: nil, devAccuracy: nil, seconds: nil)
        }
        let configuration = try RunConfiguration.load(fromRun: folder)
        let model = try ModelConfiguration.load(from: URL(fileURLWithPath: configuration.model).appendingPathComponent("config.json"))
        let parameters = try AdapterPlan.load(from: plan, for: AdapterPlan.ModelShape(model)).adapterParameters.total
        let history = MetricsHistory(folder.appendingPathComponent("metrics.jsonl"))
        var accuracy: Double?
        if case let .complete(steps) = progress { accuracy = history.accuracy(at: steps) }
        return RunOutcome(progress: progress, adapterParameters: parameters, devAccuracy: accuracy, seconds: history.seconds)
    }
}

/// The step and evaluation lines of a run's `metrics.jsonl` (lines that do not read as JSON are skipped: the file
/// is appended to as the run goes, so its last line may be cut short).
struct MetricsHistory {
    private var elapsed: [Double] = []
    private var evaluations: [(step: Int, accuracy: Double)] = []

    /// The history in `url`; empty when there is no such file.
    init(_ url: URL) {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return }
        for line in text.split(separator: "\n") {
            guard let value = try? JSONValue.parse(Array(line.utf8)) else { continue }
            switch value["event"]?.stringValue {
            case "step":
                if let seconds = value["elapsed"]?.numberValue?.double { elapsed.append(seconds) }
            case "eval":
                if let step = value["step"]?.intValue, let accuracy = value["accuracy"]?.numberValue?.double {
                    evaluations.append((step, accuracy))
                }
            default:
                continue
            }
        }
    }

    /// The accuracy of the last evaluation at `step`.
    func accuracy(at step: Int) -> Double? { evaluations.last { $0.step == step }?.accuracy }

    /// The training seconds: each session's `elapsed` restarts from 0, so a value below the one before starts a
    /// new session, and the sessions' last values add up.
    var seconds: Double? {
        guard !elapsed.isEmpty else { return nil }
        var total = 0.0, previous = 0.0
        for value in elapsed {
            total += value >= previous ? value - previous : value
            previous = value
        }
        return total
    }
}
