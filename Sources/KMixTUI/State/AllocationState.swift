import KMix

/// What the auto-allocate dialog sets: the budget, the evidence and the bounds of `BudgetAllocation`.
public struct AllocationSettings: Sendable, Equatable {
    /// Adapter parameters to spend in all.
    public var budget: Int
    public var signal: AllocationSignal
    /// The projections that get per-head ranks, in Q, V, O order.
    public var projections: [Projection]
    public var minRank: Int
    public var maxRank: Int

    /// Settings with every value given.
    public init(budget: Int, signal: AllocationSignal, projections: [Projection], minRank: Int, maxRank: Int) {
        self.budget = budget
        self.signal = signal
        self.projections = projections
        self.minRank = minRank
        self.maxRank = maxRank
    }

    /// The dialog's defaults for `plan`: its own parameter count, importance, Q, V and O, ranks 0 to the head size.
    public init(for plan: AdapterPlan, signal: AllocationSignal = .importance) {
        self.init(budget: plan.adapterParameters.total, signal: signal, projections: Projection.allCases, minRank: 0,
                  maxRank: plan.shape.headSize)
    }
}

/// A plan auto-allocate proposes: shown against the current plan until applied or discarded.
public struct AllocationProposal: Sendable, Equatable {
    /// The allocated plan, its provenance recorded.
    public var plan: AdapterPlan
    /// What it was allocated under and by.
    public var budget: Int
    public var signal: AllocationSignal
    /// The training rows the evidence was measured on.
    public var rows: Int

    /// The proposal of `plan`, allocated under `budget` by `signal` on `rows` rows.
    public init(plan: AdapterPlan, budget: Int, signal: AllocationSignal, rows: Int) {
        self.plan = plan
        self.budget = budget
        self.signal = signal
        self.rows = rows
    }

    /// The proposed rank minus `current`'s, per head (layers × heads), on `projection`.
    public func rankChanges(from current: AdapterPlan, on projection: Projection) -> [[Int]] {
        zip(plan.layers, current.layers).map { proposed, now in
            zip(proposed.ranks(projection), now.ranks(projection)).map { $0 - $1 }
        }
    }
}

/// Auto-allocate: the request running in the background, and the plan it last proposed.
public struct AllocationState: Sendable {
    /// The allocation being measured (nil: none).
    public var running: AllocationRequest?
    /// The plan proposed and not yet applied or discarded.
    public var proposal: AllocationProposal?

    /// No allocation yet.
    public init() {}

    /// Whether an allocation runs in the background.
    public var isRunning: Bool { running != nil }
}
