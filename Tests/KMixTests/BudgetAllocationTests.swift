import Testing
@testable import KMix

/// `BudgetAllocation`: integer per-head ranks under a budget, in proportion to the evidence.
@Suite struct BudgetAllocationTests {
    let miniLM = AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384)
    var paperNLU: AdapterPlan { AdapterPlan(preset: .paperNLU, shape: miniLM) }

    /// Scores that differ from head to head and layer to layer, seeded.
    func randomScores(seed: UInt64, zeros: Set<[Int]> = []) -> HeadScores {
        var generator = SeededGenerator(seed: seed)
        return HeadScores(values: PerProjection { _ in
            (0..<6).map { layer in (0..<12).map { head in zeros.contains([layer, head]) ? 0 : Double(generator.nextUnitFloat()) } }
        })
    }

    @Test func uniformEvidenceAtPaperNLUsBudgetGivesPaperNLU() throws {
        let allocation = BudgetAllocation(budget: 152_064, base: paperNLU)
        #expect(try allocation.plan(scores: .uniform(miniLM)) == paperNLU)
    }

    @Test(arguments: [60_000, 100_000, 152_064, 300_000])
    func theBudgetIsNeverExceededAndMissedByAtMostTwoPercent(budget: Int) throws {
        for seed in 1...5 as ClosedRange<UInt64> {
            let plan = try BudgetAllocation(budget: budget, base: paperNLU).plan(scores: randomScores(seed: seed))
            let total = plan.adapterParameters.total
            #expect(total <= budget && Double(total) >= 0.98 * Double(budget), "seed \(seed): \(total) for \(budget)")
            #expect(plan.firstRankViolation() == nil)
            #expect(plan.layers.map(\.shared) == paperNLU.layers.map(\.shared), "shared ranks are kept")
        }
    }

    @Test func minimumAndMaximumRanksHold() throws {
        let allocation = BudgetAllocation(budget: 200_000, base: paperNLU, minRank: 1, maxRank: 4)
        let plan = try allocation.plan(scores: randomScores(seed: 7))
        for layer in plan.layers { for projection in Projection.allCases { #expect(layer.ranks(projection).allSatisfy { (1...4).contains($0) }) } }
        #expect(plan.layers.contains { $0.ranks(.value).contains(4) }, "the ceiling is reached somewhere")
    }

    @Test func aHeadWithoutEvidenceGetsTheMinimum() throws {
        let silent: Set<[Int]> = [[0, 3], [2, 7], [5, 11]]
        let plan = try BudgetAllocation(budget: 152_064, base: paperNLU, minRank: 1).plan(scores: randomScores(seed: 3, zeros: silent))
        for head in silent {
            for projection in Projection.allCases { #expect(plan.layers[head[0]].ranks(projection)[head[1]] == 1, "\(head) \(projection)") }
        }
    }

    @Test func moreEvidenceNeverMeansLessRank() throws {
        let scores = randomScores(seed: 11)
        let plan = try BudgetAllocation(budget: 152_064, base: paperNLU).plan(scores: scores)
        for projection in Projection.allCases {
            let pairs = (0..<6).flatMap { l in (0..<12).map { h in (scores.values[projection][l][h], plan.layers[l].ranks(projection)[h]) } }
            for a in pairs { for b in pairs where a.0 > b.0 { #expect(a.1 >= b.1, "\(projection): score \(a.0) got \(a.1), \(b.0) got \(b.1)") } }
        }
    }

    @Test func theSameEvidenceGivesTheSamePlan() throws {
        let allocation = BudgetAllocation(budget: 120_000, base: paperNLU, projections: [.query, .value])
        let first = try allocation.plan(scores: randomScores(seed: 5))
        #expect(try allocation.plan(scores: randomScores(seed: 5)) == first)
        #expect(first.layers.allSatisfy { $0.ranks(.output).allSatisfy { $0 == 0 } }, "O is not allocated")
    }

    @Test func unreachableBudgetsAreOneSentence() {
        #expect(throws: AllocationError.budgetBelowMinimum(budget: 10_000, minimum: 46_080)) {
            try BudgetAllocation(budget: 10_000, base: paperNLU).plan(scores: .uniform(miniLM))
        }
        let tooMuch = AllocationError.budgetAboveMaximum(budget: 10_000_000, maximum: 2_117_376)
        #expect(throws: tooMuch) { try BudgetAllocation(budget: 10_000_000, base: paperNLU).plan(scores: .uniform(miniLM)) }
        #expect(tooMuch.description == "the budget 10,000,000 is above the 2,117,376 parameters the maximum ranks can spend; "
                + "lower the budget or raise the maximum rank")
        #expect(throws: AllocationError.invalidRanks(minRank: 3, maxRank: 2, headSize: 32)) {
            try BudgetAllocation(budget: 152_064, base: paperNLU, minRank: 3, maxRank: 2).plan(scores: .uniform(miniLM))
        }
        #expect(throws: AllocationError.noProjections) {
            try BudgetAllocation(budget: 152_064, base: paperNLU, projections: []).plan(scores: .uniform(miniLM))
        }
    }
}
