import Foundation

/// The runs screen: the folder it lists, the runs found, the cursor, the runs selected for the charts, and the
/// order.
public struct RunsState: Sendable, Equatable {
    /// The order of the table.
    public enum Order: Sendable, Equatable {
        /// By folder name: for `tui-` folders, when they started.
        case started
        /// Best latest dev accuracy first, then generation runs by their latest dev perplexity, lowest first; runs
        /// never evaluated last.
        case accuracy
    }

    /// The folder to list (`:runs DIR`).
    public var folder = "runs"
    /// The runs last read, in the table's order (nil: not read yet).
    public var listing: RunListing?
    /// Whether the folder is being read.
    public var isReading = false
    /// Why the folder could not be read last time.
    public var problem: String?
    /// The row under the cursor.
    public var cursor = 0
    /// The paths of the runs selected for the charts, in the order selected (which gives their colours).
    public var selected: [String] = []
    public var order = Order.started

    /// No folder read yet.
    public init() {}

    /// The runs in the table's order.
    public var rows: [RunSummary] { listing?.runs ?? [] }

    /// The run under the cursor, if any.
    public var current: RunSummary? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    /// The runs the charts compare: those selected, else the one under the cursor.
    public var compared: [RunSummary] {
        let chosen = selected.compactMap { path in rows.first { $0.path == path } }
        return chosen.isEmpty ? current.map { [$0] } ?? [] : chosen
    }

    /// `runs` in `order`.
    static func sorted(_ runs: [RunSummary], by order: Order) -> [RunSummary] {
        switch order {
        case .started:
            return runs.sorted { $0.name < $1.name }
        case .accuracy:
            return runs.sorted { a, b in
                let (x, y) = (devRank(a), devRank(b))
                return x < y || (x == y && a.name < b.name)
            }
        }
    }

    /// Where `run` goes in the order by dev score, lowest first: a classifier by its accuracy, best first, then a
    /// generation run by its perplexity (its token accuracy does not compare with a classifier's), then a run never
    /// evaluated.
    private static func devRank(_ run: RunSummary) -> (group: Int, value: Double) {
        if let perplexity = run.latestPerplexity { return (1, perplexity) }
        if let accuracy = run.latestAccuracy { return (0, -accuracy) }
        return (2, 0)
    }
}
