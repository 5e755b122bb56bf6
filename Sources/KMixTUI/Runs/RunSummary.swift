import Foundation
import KMix

/// How a run folder's files say the run ended, or that it goes on.
public enum RunStatus: String, Sendable, CaseIterable {
    /// Saved at its last step, the run's end: it completed.
    case finished
    /// Saved at its last step, before the run's end: stopped on request (`kmix train --resume` continues it).
    case stopped
    /// Not saved after its last step, and written to in the last minute: it is training.
    case running
    /// Not saved after its last step, and not written to for a minute: the process ended without its final save
    /// (the run failed, or the process was killed).
    case failed
    /// No step written, and not written to for a minute: it never trained, or its history cannot be read.
    case incomplete
}

/// One row of the runs screen: what a run folder's files say about the run.
public struct RunSummary: Sendable, Equatable {
    /// The folder, as listed (the listed folder's path, then the run's name).
    public var path: String
    /// The folder's name.
    public var name: String
    /// The plan it started with (`PlanName.describe`; "?" when `plan.json` cannot be read for this model).
    public var plan: String
    /// Its adapter parameters (nil: the plan cannot be read).
    public var parameters: Int?
    /// The seed of `config.json` (nil: not readable).
    public var seed: UInt64?
    /// The last step written, and the run's length when it can be told.
    public var step: Int
    public var totalSteps: Int?
    public var status: RunStatus
    /// Training loss per step and dev accuracy (0…1) per evaluation, from `metrics.jsonl` (a generation run's
    /// accuracy is its token accuracy).
    public var loss: [CurvePoint]
    public var accuracy: [CurvePoint]
    /// A generation run's dev perplexity per evaluation (empty for a classifier, and before a first evaluation).
    public var perplexity: [CurvePoint] = []

    /// The latest dev accuracy (nil: never evaluated).
    public var latestAccuracy: Double? { accuracy.last?.y }

    /// The latest dev perplexity of a generation run (nil: a classifier, or never evaluated).
    public var latestPerplexity: Double? { perplexity.last?.y }

    /// The latest dev score in a few characters: a generation run's perplexity ("ppl 12.18"), else the accuracy
    /// ("81.2 %"); "-" before a first evaluation.
    public var devScore: String {
        if let perplexity = latestPerplexity { return "ppl " + Format.perplexity(perplexity) }
        return latestAccuracy.map { String(format: "%.1f %%", 100 * $0) } ?? "-"
    }
}
