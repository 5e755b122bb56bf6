import Testing
@testable import KMix
@testable import KMixTUI

@Suite struct BudgetTests {
    @Test func theBudgetBarCountsWhatThePlanCounts() {
        var state = Fixtures.state()
        #expect(state.trainableParameters == state.plan.adapterParameters.total)
        _ = reduce(&state, .changeRank(3))
        _ = reduce(&state, .changeSharedRank(2))
        #expect(state.trainableParameters == state.plan.adapterParameters.total)
        #expect(BudgetBar.summary(state).hasPrefix("Adapters \(Format.count(state.plan.adapterParameters.total)) params"))
    }

    @Test func raisingAQueryRankAddsItsParameters() {
        var state = Fixtures.state()
        let before = state.trainableParameters
        _ = reduce(&state, .changeRank(1))
        let d = 384, dh = 32
        #expect(state.trainableParameters - before == d + dh)
    }

    @Test func theParametersMetricIsPerHead() {
        let state = Fixtures.state()
        let values = state.metricValues(.parameters)
        #expect(values[0][0] == Double(state.plan.headParameters(layer: 0, head: 0).total))
        let layerHeads = values[0].reduce(0, +)
        let layer = state.plan.layerParameters(0).total
        #expect(Int(layerHeads) == layer - 384 - 2 * 384 * (2 + 4 + 4))
    }

    @Test func theTargetDifferenceIsSigned() {
        var state = Fixtures.state()
        state.target = state.trainableParameters + 1000
        #expect(BudgetBar.summary(state).contains("(-1,000)"))
        state.target = state.trainableParameters - 1000
        #expect(BudgetBar.summary(state).contains("(+1,000)"))
    }

    @Test func formatting() {
        #expect(Format.count(1_234_567) == "1,234,567")
        #expect(Format.count(-1000) == "-1,000")
        #expect(Format.compact(22_713_216) == "22.7M")
        #expect(Format.duration(65) == "1m05s")
        #expect(Format.fit("abc", 5) == "abc  ")
    }
}
