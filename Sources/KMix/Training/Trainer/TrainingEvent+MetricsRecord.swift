import Foundation

/// Why a line of `metrics.jsonl` does not describe an event: the field that is missing or wrong.
public struct MetricsRecordError: Error, Equatable, CustomStringConvertible {
    public let reason: String

    /// An error saying `reason`.
    public init(_ reason: String) { self.reason = reason }

    public var description: String { reason }
}

extension TrainingEvent {
    /// The event a line of `metrics.jsonl` records (`metricsLine` read back): `step`, `eval`, `samples`,
    /// `head_norms`, and `reallocation` when `plan` (the run's first plan, whose ranks the line replaces) is given;
    /// nil for an event it does not know. Fields a reader needs are required (a step's `step`, `loss`, `epoch`, `lr`,
    /// `tokens_per_second`, `elapsed`; an evaluation's `step` and `accuracy`); the others are 0 when absent.
    /// `totalSteps` becomes each step report's total.
    /// - Throws: `MetricsRecordError` naming the first field that is missing or of the wrong kind.
    public static func read(metricsRecord record: JSONValue, totalSteps: Int,
                            plan: AdapterPlan? = nil) throws(MetricsRecordError) -> TrainingEvent? {
        guard record.objectMembers != nil else { throw MetricsRecordError("not a JSON object") }
        let fields = RecordFields(record)
        switch try fields.string("event") {
        case "step":
            let step = try fields.int("step")
            let loss = try fields.number("loss"), epoch = try fields.number("epoch")
            let rate = try fields.number("lr"), tokens = try fields.number("tokens_per_second")
            let elapsed = try fields.number("elapsed")
            return .step(StepReport(step: step, totalSteps: totalSteps, epoch: epoch, loss: Float(loss),
                                    learningRate: Float(rate), gradientNorm: Float(try fields.optional("grad_norm")),
                                    sentencesPerSecond: try fields.optional("sentences_per_second"),
                                    tokensPerSecond: tokens, elapsed: elapsed,
                                    peakResidentMiB: Int(try fields.optional("peak_rss_mib"))))
        case "eval":
            let step = try fields.int("step"), accuracy = try fields.number("accuracy")
            let perplexity = record["perplexity"] == nil ? nil : try fields.number("perplexity")
            return .evaluation(EvaluationReport(step: step, accuracy: accuracy, loss: try fields.optional("loss"),
                                                examples: Int(try fields.optional("examples")), perplexity: perplexity))
        case "samples":
            let step = try fields.int("step")
            let failure = MetricsRecordError("'samples' is missing or not a list of sources and outputs")
            guard let items = record["samples"]?.arrayValue else { throw failure }
            var samples: [SampleReport.Sample] = []
            for item in items {
                guard let source = item["source"]?.stringValue, let output = item["output"]?.stringValue else { throw failure }
                samples.append(SampleReport.Sample(source: source, output: output, references: []))
            }
            return .samples(SampleReport(step: step, samples: samples))
        case "head_norms":
            let step = try fields.int("step")
            let q = try fields.table("q"), v = try fields.table("v"), o = try fields.table("o")
            guard q.map(\.count) == v.map(\.count), v.map(\.count) == o.map(\.count) else {
                throw MetricsRecordError("'q', 'v' and 'o' have different shapes")
            }
            return .headNorms(HeadNorms(step: step, query: q, value: v, output: o))
        case "reallocation":
            guard var moved = plan else { return nil }
            let step = try fields.int("step"), movedRanks = try fields.int("moved_ranks")
            for (projection, key) in [(Projection.query, "q"), (.value, "v"), (.output, "o")] {
                let ranks = try fields.table(key).map { $0.map { Int($0) } }
                guard ranks.map(\.count) == moved.layers.map({ $0.ranks(projection).count }) else {
                    throw MetricsRecordError("'\(key)' does not have the plan's layers and heads")
                }
                for (layer, row) in ranks.enumerated() { moved.layers[layer].heads[projection] = row }
            }
            return .reallocated(ReallocationReport(step: step, plan: moved, movedRanks: movedRanks))
        default:
            return nil
        }
    }
}

/// Typed access to the fields of one `metrics.jsonl` object.
private struct RecordFields {
    let record: JSONValue

    init(_ record: JSONValue) { self.record = record }

    func string(_ key: String) throws(MetricsRecordError) -> String {
        guard let value = record[key]?.stringValue else { throw MetricsRecordError("'\(key)' is missing or not a string") }
        return value
    }

    func number(_ key: String) throws(MetricsRecordError) -> Double {
        guard let value = record[key]?.numberValue?.double else {
            throw MetricsRecordError("'\(key)' is missing or not a number")
        }
        return value
    }

    /// The number `key` holds, 0 when the line has no `key`.
    func optional(_ key: String) throws(MetricsRecordError) -> Double {
        record[key] == nil ? 0 : try number(key)
    }

    func int(_ key: String) throws(MetricsRecordError) -> Int {
        let value = try number(key)
        guard value >= 0, value == value.rounded(), value < 1e15 else { throw MetricsRecordError("'\(key)' is not a step number") }
        return Int(value)
    }

    func table(_ key: String) throws(MetricsRecordError) -> [[Float]] {
        let failure = MetricsRecordError("'\(key)' is missing or not a table of numbers")
        guard let rows = record[key]?.arrayValue else { throw failure }
        var table: [[Float]] = []
        for row in rows {
            guard let cells = row.arrayValue else { throw failure }
            var values: [Float] = []
            for cell in cells {
                guard let value = cell.numberValue?.float else { throw failure }
                values.append(value)
            }
            table.append(values)
        }
        return table
    }
}
