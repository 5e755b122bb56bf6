import Foundation

/// What the trainer reports while it runs. Each event's `description` is its log line.
public enum TrainingEvent: Sendable, CustomStringConvertible {
    /// The run began.
    case started(TrainingStart)
    /// An update was applied.
    case step(StepReport)
    /// The dev set was evaluated.
    case evaluation(EvaluationReport)
    /// A generation run's outputs for a few fixed dev sources, written after an evaluation.
    case samples(SampleReport)
    /// Per-head adapter norms, every few steps.
    case headNorms(HeadNorms)
    /// Adapter tensors were written to `path`, and the checkpoint to resume from to `checkpoint` when the run keeps them.
    case saved(step: Int, path: String, checkpoint: String?)
    /// Training paused or resumed at a step.
    case paused(step: Int)
    case resumed(step: Int)
    /// The per-head ranks moved (`Reallocation`): the run trains `plan` from the next step on.
    case reallocated(ReallocationReport)
    /// The run ended: completed, or stopped on request.
    case finished(TrainingSummary)
    /// The run failed; the reason is one sentence.
    case failed(step: Int, reason: String)

    public var description: String {
        switch self {
        case let .started(start):
            return "training \(start.trainableParameters) parameters on \(start.examples) examples: "
                + "\(start.totalSteps) steps, \(start.epochs) epoch(s), batch \(start.batchSize)"
        case let .step(report):
            return String(format: "step %d/%d  epoch %.2f  loss %.4f  lr %.2e  |g| %.3f  %.0f tokens/s",
                          report.step, report.totalSteps, report.epoch, report.loss, report.learningRate,
                          report.gradientNorm, report.tokensPerSecond)
        case let .evaluation(report):
            if let perplexity = report.perplexity {
                return String(format: "eval  step %d  loss %.4f  perplexity %.3f  token accuracy %.2f %%  (%d examples)",
                              report.step, report.loss, perplexity, 100 * report.accuracy, report.examples)
            }
            return String(format: "eval  step %d  accuracy %.2f %%  loss %.4f  (%d examples)",
                          report.step, 100 * report.accuracy, report.loss, report.examples)
        case let .samples(report):
            return "samples  step \(report.step)" + report.samples.map { "\n  \($0.source)\n    → \($0.output)" }.joined()
        case let .headNorms(norms):
            return "head norms at step \(norms.step)"
        case let .saved(step, path, checkpoint):
            return "saved adapters at step \(step) to \(path)" + (checkpoint.map { " and checkpoint \($0)" } ?? "")
        case let .paused(step):
            return "paused at step \(step)"
        case let .resumed(step):
            return "resumed at step \(step)"
        case let .reallocated(report):
            return "reallocated at step \(report.step): \(report.movedRanks) ranks moved between heads, "
                + "\(report.plan.adapterParameters.total.grouped) adapter parameters"
        case let .finished(summary):
            let accuracy = summary.finalEvaluation.map { report in
                report.perplexity.map { String(format: ", dev perplexity %.3f (kmix eval --run scores the outputs)", $0) }
                    ?? String(format: ", dev accuracy %.2f %%", 100 * report.accuracy)
            } ?? ""
            return "\(summary.stopped ? "stopped" : "finished") after \(summary.steps) steps in "
                + String(format: "%.1f s", summary.seconds) + accuracy
        case let .failed(step, reason):
            return "failed at step \(step): \(reason)"
        }
    }
}

/// A reallocation of per-head ranks between two steps.
public struct ReallocationReport: Sendable, Equatable {
    /// The step after which the ranks moved.
    public let step: Int
    /// The plan from then on.
    public let plan: AdapterPlan
    /// Ranks that changed head: half the sum over heads and projections of |new rank − old rank|.
    public let movedRanks: Int

    public init(step: Int, plan: AdapterPlan, movedRanks: Int) {
        self.step = step
        self.plan = plan
        self.movedRanks = movedRanks
    }
}

/// The size of a run, reported when it starts.
public struct TrainingStart: Sendable, Equatable {
    public let totalSteps: Int
    public let epochs: Int
    public let batchSize: Int
    public let examples: Int
    public let trainableParameters: Int
    /// The display names of the classes, in class-index order (labels inferred from a file: every value its label
    /// column holds, so that an unexpected value shows).
    public let labelNames: [String]
    /// Examples in the dev set (0 without one: evaluation requests do nothing).
    public let devExamples: Int

    /// The start of a run of `totalSteps` updates over `examples` training examples.
    public init(totalSteps: Int, epochs: Int, batchSize: Int, examples: Int, trainableParameters: Int,
                labelNames: [String], devExamples: Int) {
        self.totalSteps = totalSteps
        self.epochs = epochs
        self.batchSize = batchSize
        self.examples = examples
        self.trainableParameters = trainableParameters
        self.labelNames = labelNames
        self.devExamples = devExamples
    }
}

/// What a generation run writes for a few fixed dev sources at one evaluation.
public struct SampleReport: Sendable, Equatable {
    /// One source, what the model wrote for it, and the references.
    public struct Sample: Sendable, Equatable {
        public let source: String
        public let output: String
        public let references: [String]

        public init(source: String, output: String, references: [String]) {
            self.source = source
            self.output = output
            self.references = references
        }
    }

    public let step: Int
    public let samples: [Sample]

    public init(step: Int, samples: [Sample]) {
        self.step = step
        self.samples = samples
    }
}

/// One update.
public struct StepReport: Sendable, Equatable {
    /// 1 for the first update.
    public let step: Int
    public let totalSteps: Int
    /// Fractional epochs completed.
    public let epoch: Double
    public let loss: Float
    public let learningRate: Float
    /// Global gradient norm before clipping.
    public let gradientNorm: Float
    /// Throughput of this step.
    public let sentencesPerSecond: Double
    public let tokensPerSecond: Double
    /// Seconds since the run started (pauses excluded).
    public let elapsed: Double
    /// The process's peak resident memory so far, in MiB (0 where unknown).
    public var peakResidentMiB: Int = 0
}

/// A dev-set evaluation.
public struct EvaluationReport: Sendable, Equatable {
    public let step: Int
    /// A classifier's share of examples labelled right; a language model's share of target tokens predicted right
    /// (top-1).
    public let accuracy: Double
    /// Mean cross-entropy per example (classifier) or per target token (language model).
    public let loss: Double
    public let examples: Int
    /// What always answering the set's most common label would score (nil: not known, or a language model).
    public var majority: MajorityBaseline?
    /// A language model's perplexity on the target tokens, `exp(loss)` (nil for a classifier).
    public var perplexity: Double?

    /// A report of `accuracy` and `loss` on `examples` examples at `step`.
    public init(step: Int, accuracy: Double, loss: Double, examples: Int, majority: MajorityBaseline? = nil,
                perplexity: Double? = nil) {
        self.step = step
        self.accuracy = accuracy
        self.loss = loss
        self.examples = examples
        self.majority = majority
        self.perplexity = perplexity
    }
}

/// The accuracy of always answering one label: the most common one of an evaluated set.
public struct MajorityBaseline: Sendable, Equatable {
    /// The label's class index.
    public let label: Int
    /// Its share of the set's examples.
    public let accuracy: Double

    /// The baseline of a set whose examples carry `labels` (class indices); nil for an empty set.
    public init?(labels: [Int]) {
        guard !labels.isEmpty else { return nil }
        var counts: [Int: Int] = [:]
        for label in labels { counts[label, default: 0] += 1 }
        let best = counts.max { $0.value < $1.value || ($0.value == $1.value && $0.key > $1.key) }!
        label = best.key
        accuracy = Double(best.value) / Double(labels.count)
    }
}

extension EvaluationReport {
    /// How close to the majority baseline counts as no better: one percentage point, or one example of a small set.
    public var baselineMargin: Double { max(0.01, 1 / Double(max(1, examples))) }

    /// Whether the accuracy is no better than always answering the most common label (within `baselineMargin`):
    /// the classifier has not learned the task.
    public var isNoBetterThanMajority: Bool {
        guard let majority else { return false }
        return accuracy < majority.accuracy + baselineMargin
    }

    /// One sentence saying that the accuracy is no better than always answering the majority label (named from
    /// `labelNames`), or nil when it is better.
    public func majorityFinding(labelNames: [String]) -> String? {
        guard isNoBetterThanMajority, let majority else { return nil }
        let name = labelNames.indices.contains(majority.label) ? labelNames[majority.label] : "\(majority.label)"
        func percent(_ value: Double) -> String { String(format: "%.2f %%", 100 * value) }
        return "dev accuracy \(percent(accuracy)) is no better than always answering '\(name)' "
            + "(\(percent(majority.accuracy))): the run has not learned the task"
    }
}

/// The L2 norm of each head's own adapter tensors, by projection (`layers x heads`).
public struct HeadNorms: Sendable, Equatable {
    public let step: Int
    public let query: [[Float]]
    public let value: [[Float]]
    public let output: [[Float]]

    /// The norm over all three projections, `layers x heads`.
    public var total: [[Float]] {
        zip(zip(query, value), output).map { layer in
            zip(zip(layer.0.0, layer.0.1), layer.1).map { (($0.0 * $0.0) + ($0.1 * $0.1) + ($1 * $1)).squareRoot() }
        }
    }
}

/// How a run ended.
public struct TrainingSummary: Sendable {
    public let steps: Int
    public let seconds: Double
    /// Whether a stop request ended it early.
    public let stopped: Bool
    public let finalEvaluation: EvaluationReport?
    /// The trained adapters and task head.
    public let adapters: AdapterSet
    /// The parameters' smoothed sensitivity, when the run tracked it (`TrainingSetup.tracksSensitivity`, or a run
    /// that reallocates).
    public var sensitivity: SensitivityTracker?
}
