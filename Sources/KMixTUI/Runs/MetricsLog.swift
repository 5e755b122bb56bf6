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
            let record = try? JSONValue.parse(Array(line.utf8))
            do {
                if let event = try TrainingEvent.read(metricsRecord: record ?? .null, totalSteps: 0) { log.add(event) }
            } catch {
                throw ReadError(path: path, line: index + 1, reason: error.reason)
            }
        }
        return log
    }

    /// Adds what `event` (read from a line of `metrics.jsonl`) says to the history: a step's loss and progress, an
    /// evaluation's accuracy and perplexity, samples, head norms; other events change nothing. A step at or before
    /// the last one recorded (a resumed run repeating the steps after its checkpoint) first drops the points from
    /// that step on, so that each step is drawn once.
    public mutating func add(_ event: TrainingEvent) {
        switch event {
        case let .step(report):
            let x = Double(report.step)
            if let last = loss.last, last.x >= x {
                loss.removeAll { $0.x >= x }
                accuracy.removeAll { $0.x >= x }
                perplexity.removeAll { $0.x >= x }
            }
            step = report.step
            // The shortest decimal of the Float is the one the line holds (`metricsLine` writes it so).
            loss.append(CurvePoint(x: x, y: Double("\(report.loss)") ?? Double(report.loss)))
            epoch = report.epoch
            learningRate = report.learningRate
            tokensPerSecond = report.tokensPerSecond
            elapsed = report.elapsed
        case let .evaluation(report):
            let x = Double(report.step)
            accuracy.append(CurvePoint(x: x, y: report.accuracy))
            if let value = report.perplexity { perplexity.append(CurvePoint(x: x, y: value)) }
        case let .samples(report):
            samples = report
        case let .headNorms(report):
            norms.append(report.total)
        default:
            break
        }
    }
}
