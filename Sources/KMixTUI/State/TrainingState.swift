import KMix

/// Where the background run is.
public enum TrainingStatus: Sendable, Equatable {
    case idle
    /// Data is loading and encoding.
    case preparing
    case running
    case paused
    /// The run ended; `stopped` when a stop request ended it.
    case finished(stopped: Bool)
    case failed(String)
    /// A run read from its folder.
    case opened

    /// Whether a run is in progress (preparing, running or paused).
    public var isActive: Bool {
        switch self {
        case .preparing, .running, .paused: return true
        default: return false
        }
    }

    /// Whether the run failed.
    public var isFailure: Bool {
        if case .failed = self { return true }
        return false
    }

    /// A short word for the status line.
    public var label: String {
        switch self {
        case .idle: return "idle"
        case .preparing: return "preparing"
        case .running: return "running"
        case .paused: return "paused"
        case let .finished(stopped): return stopped ? "stopped" : "finished"
        case .failed: return "failed"
        case .opened: return "opened"
        }
    }
}

/// A point of a curve.
public struct CurvePoint: Sendable, Equatable {
    public var x: Double
    public var y: Double
    public init(x: Double, y: Double) {
        self.x = x
        self.y = y
    }
}

/// What the training view shows, built from trainer events.
public struct TrainingState: Sendable, Equatable {
    public var status: TrainingStatus = .idle
    public var step = 0
    public var totalSteps = 0
    public var epoch = 0.0
    public var learningRate: Float = 0
    public var tokensPerSecond = 0.0
    /// The process's peak resident memory in MiB, from the latest step (0: not known).
    public var peakResidentMiB = 0
    public var elapsed = 0.0
    /// Training loss per step.
    public var loss: [CurvePoint] = []
    /// Dev accuracy (0…1) per evaluation: a classifier's share of examples labelled right, or a generation run's
    /// token accuracy (its share of target tokens predicted right).
    public var accuracy: [CurvePoint] = []
    /// Latest per-head adapter norms, layers × heads.
    public var norms: [[Float]]?
    /// Earlier per-head norms, oldest first (at most `normHistoryLimit`).
    public var normHistory: [[[Float]]] = []
    /// Where the run writes.
    public var runFolder: String?
    /// The last adapters written.
    public var lastSaved: String?
    /// A generation run's latest samples: what it wrote for a few fixed dev sources at its last evaluation.
    public var samples: SampleReport?
    /// A generation run's dev perplexity at each evaluation.
    public var perplexity: [CurvePoint] = []
    /// Whether the run trains a decoder to write targets for sources (a generation run): the view shows its dev
    /// perplexity and samples in place of a classifier's dev accuracy.
    public var isGeneration = false
    /// Events the UI missed because the log overflowed.
    public var missedEvents = 0
    /// The classes the run trains on, in class-index order (empty until it starts).
    public var labels: [String] = []
    /// Examples in the run's dev set, once it has started (0: none, so `e` cannot evaluate).
    public var devExamples: Int?
    /// The run's latest reallocation: the plan it trains since, and the step after which its ranks moved (nil: they
    /// have not moved).
    public var reallocation: ReallocationReport?
    /// Whether a stop was asked for: the run ends after its current step.
    public var isStopping = false
    /// The run folder followed while another process writes it (nil: not following).
    public var follow: FollowState?

    /// How many norm reports are kept for sparklines.
    public static let normHistoryLimit = 120

    public init() {}

    /// The status in a word, "stopping" once a stop was asked for.
    public var statusLabel: String { isStopping && status.isActive ? "stopping" : status.label }

    /// Seconds left at the current pace, while the run is going (not paused, stopping or ended).
    public var eta: Double? {
        guard status == .running, !isStopping, step > 0, totalSteps > step, elapsed > 0 else { return nil }
        return elapsed / Double(step) * Double(totalSteps - step)
    }

    /// The label set in a few words, "3 labels: 0, 1, x" (at most `shown` values, then "…"); nil before the run starts.
    public func labelSummary(shown: Int = 6) -> String? {
        guard !labels.isEmpty else { return nil }
        let values = labels.prefix(shown).joined(separator: ", ") + (labels.count > shown ? ", …" : "")
        return "\(labels.count) label\(labels.count == 1 ? "" : "s"): \(values)"
    }

    /// `loss` smoothed by an exponential moving average with weight `alpha` on the newest point.
    public func smoothedLoss(alpha: Double = 0.1) -> [CurvePoint] {
        Self.smoothed(loss, alpha: alpha)
    }

    /// `points` smoothed by an exponential moving average with weight `alpha` on the newest point.
    public static func smoothed(_ points: [CurvePoint], alpha: Double = 0.1) -> [CurvePoint] {
        var average: Double?
        return points.map { point in
            let next = average.map { $0 + alpha * (point.y - $0) } ?? point.y
            average = next
            return CurvePoint(x: point.x, y: next)
        }
    }
}
