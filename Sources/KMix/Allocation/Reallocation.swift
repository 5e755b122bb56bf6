/// Budgets that move during training: at a reallocation the per-head ranks are allocated again by the heads'
/// smoothed sensitivity (`SensitivityTracker`), under the run's parameter count, with `BudgetAllocation`'s rule
/// on the projections that have per-head ranks, keeping the Q/V/O split and the shared ranks. A head that loses
/// ranks keeps its highest-scoring ones; a head that gains ranks keeps all of its own and starts the new ones as
/// the plan's `init` does. With a minimum rank of at least 1 every rank of a projection costs the same, so the
/// parameter count does not change. A reallocation moves at most `maximumShare` of each projection's per-head ranks
/// toward that allocation (from the heads furthest above it to those furthest below), so that the budget drifts
/// with the evidence rather than jumping with its noise.
public struct Reallocation: Sendable, Equatable {
    /// Reallocate after every `every` steps, up to and including step `until`.
    public var every: Int
    public var until: Int
    /// Ranks stay between `minRank` (at least 1: a head at 0 has no parameters whose sensitivity could bring it
    /// back) and `maxRank` (nil: the head size).
    public var minRank: Int
    public var maxRank: Int?

    public init(every: Int, until: Int, minRank: Int = 1, maxRank: Int? = nil) {
        self.every = every
        self.until = until
        self.minRank = minRank
        self.maxRank = maxRank
    }

    /// The largest share of a projection's per-head ranks one reallocation moves.
    public static let maximumShare = 0.1

    /// Whether the run reallocates after `step`.
    public func isDue(after step: Int) -> Bool { step > 0 && step <= until && step % every == 0 }

    /// The plan the tracked sensitivity gives `adapters`, and how each head's ranks carry over into it.
    func propose(_ adapters: AdapterSet, tracker: SensitivityTracker) throws(AllocationError) -> (AdapterPlan, RankCarryOver) {
        let plan = adapters.plan
        let allocated = Projection.allCases.filter { projection in plan.layers.contains { $0.ranks(projection).contains { $0 > 0 } } }
        let allocation = BudgetAllocation(budget: plan.adapterParameters.total, base: plan, projections: allocated,
                                          minRank: minRank, maxRank: maxRank)
        let target = try allocation.plan(scores: tracker.headScores(adapters).layerNormalized())
        let proposed = plan.moving(toward: target, share: Self.maximumShare)
        let rows = tracker.rowScores(adapters)
        let kept = adapters.layouts.indices.map { layer in
            PerProjection { projection in
                let layout = adapters.layouts[layer].projections[projection]
                return layout.ranks.indices.map { head -> [Int] in
                    let keep = min(layout.ranks[head], proposed.layers[layer].ranks(projection)[head])
                    let scores = rows[projection][layer][layout.offsets[head]..<(layout.offsets[head] + layout.ranks[head])]
                    let best = scores.indices.sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }.prefix(keep)
                    return best.map { $0 - layout.offsets[head] }.sorted()
                }
            }
        }
        return (proposed, RankCarryOver(kept: kept))
    }

    /// The state of a run after a reallocation to `plan`: its adapters (carried-over values; new ranks drawn from
    /// `generator` as the plan's `init` does), its optimiser (carried-over moments; new ones zero; the same step)
    /// and its tracker (carried-over scores; new ones zero).
    static func apply(_ plan: AdapterPlan, carryOver: RankCarryOver, to adapters: AdapterSet, optimizer: AdamW,
                      tracker: SensitivityTracker, generator: inout SeededGenerator) -> (AdapterSet, AdamW, SensitivityTracker) {
        let d = plan.shape.hiddenSize
        let pooler = adapters.head.poolerWeight.map { _ in
            (weight: Tensor(shape: [d, d], scalars: [Float](repeating: 0, count: d * d)),
             bias: Tensor(shape: [d], scalars: [Float](repeating: 0, count: d)))
        }
        var moved = AdapterSet(plan: plan, labelCount: adapters.labelCount, pooler: pooler)
        moved.initialize(using: &generator)
        let sources = carryOver.sources(from: adapters, to: moved)
        func carried(_ old: [Float], fresh: [Float]) -> [Float] {
            sources.indices.map { index in sources[index].map { old[$0] } ?? fresh[index] }
        }
        let zeros = [Float](repeating: 0, count: moved.store.count)
        moved.store.values = carried(adapters.store.values, fresh: moved.store.values)
        let movedOptimizer = AdamW(settings: optimizer.settings, store: moved.store, step: optimizer.step,
                                   firstMoment: carried(optimizer.firstMoment, fresh: zeros),
                                   secondMoment: carried(optimizer.secondMoment, fresh: zeros))
        let movedTracker = SensitivityTracker(mean: carried(tracker.mean, fresh: zeros),
                                              uncertainty: carried(tracker.uncertainty, fresh: zeros), updates: tracker.updates,
                                              beta1: tracker.beta1, beta2: tracker.beta2)
        return (moved, movedOptimizer, movedTracker)
    }
}

extension AdapterPlan {
    /// This plan with at most `share` of each projection's per-head ranks (at least one) moved toward `target`'s,
    /// which has the same sum per projection: one rank at a time, from the head furthest above its target rank to
    /// the head furthest below it (ties: the lower layer, then the lower head).
    func moving(toward target: AdapterPlan, share: Double) -> AdapterPlan {
        var plan = self
        for projection in Projection.allCases {
            let total = layers.reduce(0) { $0 + $1.ranks(projection).reduce(0, +) }
            var moves = max(1, Int((share * Double(total)).rounded()))
            while moves > 0 {
                var above: (gap: Int, layer: Int, head: Int)?, below: (gap: Int, layer: Int, head: Int)?
                for layer in plan.layers.indices {
                    let now = plan.layers[layer].ranks(projection), wanted = target.layers[layer].ranks(projection)
                    for head in now.indices {
                        let gap = now[head] - wanted[head]
                        if gap > 0, gap > (above?.gap ?? 0) { above = (gap, layer, head) }
                        if gap < 0, -gap > (below?.gap ?? 0) { below = (-gap, layer, head) }
                    }
                }
                guard let from = above, let to = below else { break }
                plan.layers[from.layer].heads[projection][from.head] -= 1
                plan.layers[to.layer].heads[projection][to.head] += 1
                moves -= 1
            }
        }
        return plan
    }

    /// The ranks that changed head between `earlier` and this plan: half the sum, over heads and projections, of the
    /// change in rank.
    public func movedRanks(from earlier: AdapterPlan) -> Int {
        var total = 0
        for (now, then) in zip(layers, earlier.layers) {
            for projection in Projection.allCases {
                total += zip(now.ranks(projection), then.ranks(projection)).reduce(0) { $0 + abs($1.0 - $1.1) }
            }
        }
        return total / 2
    }
}
