import Foundation
import KMix

/// A run's history as read back from its `metrics.jsonl` (`docs/training.md`).
public struct MetricsLog: Sendable, Equatable {
    /// Training loss per step.
    public var loss: [CurvePoint] = []
    /// Dev accuracy (0…1) per evaluation: a classifier's, or a generation run's token accuracy.
    public var accuracy: [CurvePoint] = []
    /// A generation run's dev perplexity per evaluation (empty for a classifier).
    public var perplexity: [CurvePoint] = []
    /// A generation run's last samples: the sources and what it wrote for them (`metrics.jsonl` keeps no references).
    public var samples: SampleReport?
    /// Per-head adapter norms over all three projections (as `HeadNorms.total`), layers × heads, oldest first.
    public var norms: [[[Float]]] = []
    /// The last step line's step, epoch, learning rate, tokens per second and elapsed seconds.
    public var step = 0
    public var epoch = 0.0
    public var learningRate: Float = 0
    public var tokensPerSecond = 0.0
    public var elapsed = 0.0

    /// An empty history.
    public init() {}

    /// Why a `metrics.jsonl` cannot be read: the file, the 1-based line and what is wrong with it.
    public struct ReadError: Error, Equatable, CustomStringConvertible {
        public let path: String
        public let line: Int
        public let reason: String

        public var description: String { "\(path) line \(line): \(reason)" }
    }

    /// Reads the file at `url`.
    public static func read(_ url: URL) throws -> MetricsLog {
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw ReadError(path: url.path, line: 0, reason: "cannot be read")
        }
        return try parse(String(decoding: data, as: UTF8.self), path: url.path)
    }

    /// Parses `text`, one JSON object per line; blank lines and unknown events are skipped.
    /// - Throws: `ReadError` for the first line that is not an object with the fields its event needs.
    public static func parse(_ text: String, path: String) throws -> MetricsLog {
        var log = MetricsLog()
        for (index, line) in text.textLines.enumerated() {
            if line.allSatisfy(\.isWhitespace) { continue }
            let record = try Record(line: line, path: path, number: index + 1)
            try log.add(record)
        }
        return log
    }

    private mutating func add(_ record: Record) throws {
        switch try record.string("event") {
        case "step":
            step = try record.int("step")
            let point = CurvePoint(x: Double(step), y: try record.number("loss"))
            loss.append(point)
            epoch = try record.number("epoch")
            learningRate = Float(try record.number("lr"))
            tokensPerSecond = try record.number("tokens_per_second")
            elapsed = try record.number("elapsed")
        case "eval":
            let step = Double(try record.int("step"))
            accuracy.append(CurvePoint(x: step, y: try record.number("accuracy")))
            if record.object["perplexity"] != nil { perplexity.append(CurvePoint(x: step, y: try record.number("perplexity"))) }
        case "samples":
            let step = try record.int("step")
            let failure = record.error("'samples' is missing or not a list of sources and outputs")
            guard let items = record.object["samples"]?.arrayValue else { throw failure }
            samples = SampleReport(step: step, samples: try items.map { item in
                guard let source = item["source"]?.stringValue, let output = item["output"]?.stringValue else { throw failure }
                return SampleReport.Sample(source: source, output: output, references: [])
            })
        case "head_norms":
            _ = try record.int("step")
            let q = try record.table("q"), v = try record.table("v"), o = try record.table("o")
            guard q.map(\.count) == v.map(\.count), v.map(\.count) == o.map(\.count) else {
                throw record.error("'q', 'v' and 'o' have different shapes")
            }
            norms.append(zip(zip(q, v), o).map { layer in
                zip(zip(layer.0.0, layer.0.1), layer.1).map { ($0.0 * $0.0 + $0.1 * $0.1 + $1 * $1).squareRoot() }
            })
        default:
            break
        }
    }
}

/// One line of `metrics.jsonl` and typed access to its fields.
private struct Record {
    let object: JSONValue
    let path: String
    let number: Int

    init(line: Substring, path: String, number: Int) throws {
        self.path = path
        self.number = number
        guard let object = try? JSONValue.parse(Array(line.utf8)), object.objectMembers != nil else {
            throw MetricsLog.ReadError(path: path, line: number, reason: "not a JSON object")
        }
        self.object = object
    }

    func error(_ reason: String) -> MetricsLog.ReadError {
        MetricsLog.ReadError(path: path, line: number, reason: reason)
    }

    func string(_ key: String) throws -> String {
        guard let value = object[key]?.stringValue else { throw error("'\(key)' is missing or not a string") }
        return value
    }

    func number(_ key: String) throws -> Double {
        guard let value = object[key]?.numberValue?.double else {
            throw error("'\(key)' is missing or not a number")
        }
        return value
    }

    func int(_ key: String) throws -> Int {
        let value = try number(key)
        guard value >= 0, value == value.rounded(), value < 1e15 else { throw error("'\(key)' is not a step number") }
        return Int(value)
    }

    func table(_ key: String) throws -> [[Float]] {
        let failure = error("'\(key)' is missing or not a table of numbers")
        guard let rows = object[key]?.arrayValue else { throw failure }
        return try rows.map { row in
            guard let cells = row.arrayValue else { throw failure }
            return try cells.map { cell in
                guard let value = cell.numberValue?.float else { throw failure }
                return value
            }
        }
    }
}
