/// Integer per-head ranks under a parameter budget, in proportion to evidence (`HeadScores`): `kmix plan auto`.
///
/// The rule (`docs/allocation.md`):
/// 1. Start from `base` (its shared ranks, initialisation, dropout and task head) with every head of the
///    allocated `projections` at `minRank` and the other projections' per-head ranks at 0. The budget counts every
///    adapter parameter, shared terms included.
/// 2. Split what the budget leaves among the allocated projections as `base` splits what it spends on per-head
///    ranks above the minimum among them (evenly when it spends nothing there), so that the evidence decides
///    which heads get rank, not the balance of Q, V and O.
/// 3. Within each projection, add one rank at a time to the head with the largest `score / (added + 1)` (its
///    score normalised to the projection's largest, `added` the ranks it has above `minRank`: D'Hondt's rule of
///    proportional apportionment) among those below `maxRank` whose next rank fits what is left of the
///    projection's share. Ties go to the lower layer, then the lower head.
/// 4. Spend what the shares leave the same way over all allocated projections together.
///
/// The result never exceeds the budget and is deterministic; it is refused when it ends more than 2 % below it.
public struct BudgetAllocation: Sendable, Equatable {
    /// Adapter parameters to spend in all (per-head and shared).
    public var budget: Int
    /// Where the shared ranks, the plan's other settings and the Q/V/O split come from.
    public var base: AdapterPlan
    /// The projections that get per-head ranks.
    public var projections: [Projection]
    /// Every allocated head's rank is at least `minRank` and at most `maxRank` (nil: the head size).
    public var minRank: Int
    public var maxRank: Int?

    /// How far below the budget an allocation may end.
    public static let tolerance = 0.02

    public init(budget: Int, base: AdapterPlan, projections: [Projection] = Projection.allCases, minRank: Int = 0,
                maxRank: Int? = nil) {
        self.budget = budget
        self.base = base
        self.projections = projections
        self.minRank = minRank
        self.maxRank = maxRank
    }

    /// The plan `scores` give under this budget.
    /// - Throws: `AllocationError` when the settings cannot be met: no projection, ranks outside 0…head size or
    ///   min above max, a budget below what the minimum ranks and shared ranks already need, or above what the
    ///   maximum ranks can spend.
    public func plan(scores: HeadScores) throws(AllocationError) -> AdapterPlan {
        let shape = base.shape, ceiling = maxRank ?? shape.headSize
        let allocated = Projection.allCases.filter(projections.contains)
        guard !allocated.isEmpty else { throw .noProjections }
        guard minRank >= 0, ceiling <= shape.headSize, minRank <= ceiling else {
            throw .invalidRanks(minRank: minRank, maxRank: ceiling, headSize: shape.headSize)
        }
        var plan = base
        for layer in plan.layers.indices {
            for projection in Projection.allCases {
                let rank = allocated.contains(projection) ? minRank : 0
                plan.layers[layer].heads[projection] = Array(repeating: rank, count: shape.headCount)
            }
        }
        let minimum = plan.adapterParameters.total
        guard minimum <= budget else { throw .budgetBelowMinimum(budget: budget, minimum: minimum) }
        var full = plan
        for layer in full.layers.indices {
            for projection in allocated { full.layers[layer].heads[projection] = Array(repeating: ceiling, count: shape.headCount) }
        }
        let maximum = full.adapterParameters.total
        guard Double(maximum) >= Double(budget) * (1 - Self.tolerance) else {
            throw .budgetAboveMaximum(budget: budget, maximum: maximum)
        }

        let weights = PerProjection { scores.normalized($0) }
        let shares = projectionShares(allocated, floor: plan)
        let spendable = Double(budget - minimum)
        var greedy = Greedy(plan: plan, weights: weights, minRank: minRank, maxRank: ceiling)
        for projection in allocated {
            greedy.spend(Int(spendable * shares[projection]), on: [projection])
        }
        greedy.spend(budget - greedy.plan.adapterParameters.total, on: allocated)
        let total = greedy.plan.adapterParameters.total
        guard Double(total) >= Double(budget) * (1 - Self.tolerance) else {
            throw .cannotReach(budget: budget, reached: total)
        }
        return greedy.plan
    }

    /// Each allocated projection's share of the spendable budget: what `base` spends on its per-head ranks above
    /// the minimum there (`floor`, the plan at the minimum ranks) over the same in all allocated projections;
    /// equal shares when `base` spends nothing above the minimum.
    private func projectionShares(_ allocated: [Projection], floor: AdapterPlan) -> PerProjection<Double> {
        let above = PerProjection { max(0, base.adapterParameters[$0] - floor.adapterParameters[$0]) }
        let total = allocated.reduce(0) { $0 + above[$1] }
        return PerProjection { projection in
            guard allocated.contains(projection) else { return 0 }
            return total > 0 ? Double(above[projection]) / Double(total) : 1 / Double(allocated.count)
        }
    }
}

/// Step 3 of `BudgetAllocation`'s rule: ranks added one at a time by D'Hondt's priority.
private struct Greedy {
    var plan: AdapterPlan
    let weights: PerProjection<[[Double]]>
    let minRank: Int
    let maxRank: Int

    /// Adds ranks among `projections` while the next one fits in `allowance` parameters.
    mutating func spend(_ allowance: Int, on projections: [Projection]) {
        var left = allowance
        while let (layer, head, projection, cost) = next(projections, fitting: left) {
            plan.layers[layer].heads[projection][head] += 1
            left -= cost
        }
    }

    /// The head whose next rank has the highest priority and fits in `left`, with that rank's cost.
    private func next(_ projections: [Projection], fitting left: Int) -> (Int, Int, Projection, Int)? {
        var best: (layer: Int, head: Int, projection: Projection, cost: Int, priority: Double)?
        for projection in projections {
            for layer in plan.layers.indices {
                let ranks = plan.layers[layer].ranks(projection)
                for head in ranks.indices where ranks[head] < maxRank {
                    let priority = weights[projection][layer][head] / Double(ranks[head] - minRank + 1)
                    if let best, priority <= best.priority { continue }
                    let cost = self.cost(layer: layer, head: head, projection: projection)
                    if cost <= left { best = (layer, head, projection, cost, priority) }
                }
            }
        }
        return best.map { ($0.layer, $0.head, $0.projection, $0.cost) }
    }

    /// The parameters one more rank of `head` on `projection` adds (its bias with the first rank; for O the
    /// layer's bias with the layer's first rank).
    private func cost(layer: Int, head: Int, projection: Projection) -> Int {
        var grown = plan
        grown.layers[layer].heads[projection][head] += 1
        return grown.layerParameters(layer)[projection] - plan.layerParameters(layer)[projection]
    }
}

/// Why an allocation cannot be made, in one sentence.
public enum AllocationError: Error, Equatable, CustomStringConvertible {
    case noProjections
    case invalidRanks(minRank: Int, maxRank: Int, headSize: Int)
    case budgetBelowMinimum(budget: Int, minimum: Int)
    case budgetAboveMaximum(budget: Int, maximum: Int)
    case cannotReach(budget: Int, reached: Int)

    public var description: String {
        switch self {
        case .noProjections:
            return "no projection to allocate: give at least one of q, v, o"
        case let .invalidRanks(minRank, maxRank, headSize):
            return "the ranks must satisfy 0 ≤ min rank (\(minRank)) ≤ max rank (\(maxRank)) ≤ the head size (\(headSize))"
        case let .budgetBelowMinimum(budget, minimum):
            return "the budget \(budget.grouped) is below the \(minimum.grouped) parameters the minimum ranks and the shared "
                + "ranks already need; raise the budget or lower the minimum rank or the shared ranks"
        case let .budgetAboveMaximum(budget, maximum):
            return "the budget \(budget.grouped) is above the \(maximum.grouped) parameters the maximum ranks can spend; "
                + "lower the budget or raise the maximum rank"
        case let .cannotReach(budget, reached):
            return "the ranks reach \(reached.grouped) parameters, more than 2 % below the budget \(budget.grouped)"
        }
    }
}
