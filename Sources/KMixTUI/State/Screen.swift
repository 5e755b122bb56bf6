/// The top-level views.
public enum Screen: String, Sendable, CaseIterable {
    /// The layers × heads grid and budget editing (home).
    case heads
    /// Live training curves and per-head adapter norms.
    case training
    /// The run folders found, with the curves of those selected.
    case runs

    /// The tab title.
    public var title: String {
        switch self {
        case .heads: return "Heads"
        case .training: return "Training"
        case .runs: return "Runs"
        }
    }

    /// Where the screen's own key bindings are.
    public var keyContext: KeyContext {
        switch self {
        case .heads: return .heads
        case .training: return .training
        case .runs: return .runs
        }
    }
}

/// What the heads heat map shows.
public enum HeadMetric: String, Sendable, CaseIterable {
    /// The head's rank on the active projection.
    case rank
    /// The head's adapter parameters over Q, V and O.
    case parameters
    /// The head's adapter norm from the latest training report.
    case norm
    /// The head's mean attention entropy (nats), from the head probe.
    case entropy
    /// The head's mean attention distance (tokens), from the head probe.
    case distance
    /// The head's gradient importance |∂L/∂gate| with its layer scaled to unit norm, from the head probe.
    case importance

    /// The legend's name for the metric.
    public var title: String {
        switch self {
        case .rank: return "rank"
        case .parameters: return "parameters"
        case .norm: return "adapter norm"
        case .entropy: return "attention entropy"
        case .distance: return "attention distance"
        case .importance: return "importance (layer-normalised)"
        }
    }

    /// Whether the values come from the head probe.
    public var isProbed: Bool {
        switch self {
        case .entropy, .distance, .importance: return true
        case .rank, .parameters, .norm: return false
        }
    }
}

/// A head in the grid.
public struct HeadPosition: Sendable, Equatable {
    public var layer: Int
    public var head: Int
    public init(layer: Int, head: Int) {
        self.layer = layer
        self.head = head
    }
}

/// A one-line message in the status bar.
public struct StatusMessage: Sendable, Equatable {
    /// Whether the message reports a problem.
    public enum Kind: Sendable, Equatable { case info, error }
    public var text: String
    public var kind: Kind
    public init(_ text: String, kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}
