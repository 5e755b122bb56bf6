import Foundation
import Testing
import KMixTestSupport
@testable import KMix

/// A reallocation between two steps: the budget stays, what survives is untouched, and the gradient stays exact.
@Suite struct ReallocationTests {
    let miniLM = AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384)

    /// A `paper-nlu` adapter set on MiniLM's shape with random values, an optimiser with random moments, and a
    /// tracker whose scores differ from head to head (each head's scaled by a factor from 0.01 to 100).
    func runState(seed: UInt64) -> (AdapterSet, AdamW, SensitivityTracker) {
        var generator = SeededGenerator(seed: seed)
        var adapters = AdapterSet(plan: AdapterPlan(preset: .paperNLU, shape: miniLM), labelCount: 2)
        let count = adapters.store.count
        func random() -> [Float] { (0..<count).map { _ in generator.nextUnitFloat() } }
        adapters.store.values = random()
        let optimizer = AdamW(settings: OptimizerSettings(learningRate: 2e-3), store: adapters.store, step: 40,
                              firstMoment: random(), secondMoment: random())
        var mean = random()
        for layout in adapters.layouts {
            for projection in Projection.allCases {
                let factors = (0..<12).map { _ in Float(pow(10, 4 * Double(generator.nextUnitFloat()) - 2)) }
                layout.projections[projection].forEachEntry { entry in
                    if let head = entry.head { mean[entry.source] *= factors[head] }
                }
            }
        }
        return (adapters, optimizer, SensitivityTracker(mean: mean, uncertainty: random(), updates: 40))
    }

    @Test func theBudgetStaysAndRanksMove() throws {
        let (adapters, _, tracker) = runState(seed: 1)
        let (plan, _) = try Reallocation(every: 50, until: 500).propose(adapters, tracker: tracker)
        #expect(plan.adapterParameters == adapters.plan.adapterParameters, "the same count on each projection")
        #expect(plan != adapters.plan, "random sensitivity moves ranks")
        for projection in Projection.allCases {
            let total = adapters.plan.layers.reduce(0) { $0 + $1.ranks(projection).reduce(0, +) }
            let moved = zip(plan.layers, adapters.plan.layers).reduce(0) { sum, pair in
                sum + zip(pair.0.ranks(projection), pair.1.ranks(projection)).reduce(0) { $0 + max(0, $1.0 - $1.1) }
            }
            #expect(moved <= max(1, Int((Reallocation.maximumShare * Double(total)).rounded())), "\(projection): \(moved) of \(total)")
        }
        #expect(plan.layers.map(\.shared) == adapters.plan.layers.map(\.shared))
        #expect(plan.layers.allSatisfy { layer in Projection.allCases.allSatisfy { layer.ranks($0).allSatisfy { $0 >= 1 } } })
    }

    @Test func survivingParametersMomentsAndScoresAreUnchanged() throws {
        let (adapters, optimizer, tracker) = runState(seed: 2)
        let realloc = Reallocation(every: 50, until: 500)
        let (plan, carryOver) = try realloc.propose(adapters, tracker: tracker)
        var generator = SeededGenerator(seed: 9)
        let (moved, movedOptimizer, movedTracker) = Reallocation.apply(plan, carryOver: carryOver, to: adapters,
                                                                       optimizer: optimizer, tracker: tracker,
                                                                       generator: &generator)
        #expect(movedOptimizer.step == optimizer.step)
        var checked = 0, fresh = 0
        for layer in 0..<6 {
            for projection in [Projection.value, .output] {
                for head in 0..<12 {
                    let kept = carryOver.kept[layer][projection][head]
                    let name = "layers.\(layer).\(projection.rawValue).heads.\(head).A"
                    let old = adapters.store.entry(name)!, new = moved.store.entry(name)!
                    let width = old.shape[1]
                    for (newRow, oldRow) in kept.enumerated() {
                        for column in 0..<width {
                            let a = old.range.lowerBound + oldRow * width + column, b = new.range.lowerBound + newRow * width + column
                            #expect(moved.store.values[b] == adapters.store.values[a])
                            #expect(movedOptimizer.firstMoment[b] == optimizer.firstMoment[a])
                            #expect(movedOptimizer.secondMoment[b] == optimizer.secondMoment[a])
                            #expect(movedTracker.mean[b] == tracker.mean[a])
                            checked += 1
                        }
                    }
                    for newRow in kept.count..<new.shape[0] {
                        for column in 0..<width {
                            let b = new.range.lowerBound + newRow * width + column
                            #expect(movedOptimizer.firstMoment[b] == 0 && movedOptimizer.secondMoment[b] == 0)
                            fresh += 1
                        }
                    }
                }
            }
        }
        #expect(checked > 0 && fresh > 0)
        for name in ["layers.3.q.shared.A", "layers.5.o.shared.B", "head.classifier.weight", "layers.2.o.b"] {
            #expect(moved.store.tensor(name) == adapters.store.tensor(name), "\(name) carries over whole")
        }
    }

    @Test func aHeadThatShrinksKeepsItsHighestScoringRanks() throws {
        let (adapters, _, scored) = runState(seed: 3)
        let layout = adapters.layouts[0].projections.value
        var mean = scored.mean
        // Head 0's second rank (row 1) scores far above its first, everything else alike.
        layout.forEachEntry { entry in
            guard entry.matrix != .bias else { return }
            mean[entry.source] = entry.head == 0 && entry.row == layout.offsets[0] + 1 ? 10 : 0.01
        }
        let tracker = SensitivityTracker(mean: mean, uncertainty: [Float](repeating: 1, count: mean.count), updates: 1)
        let (plan, carryOver) = try Reallocation(every: 1, until: 1).propose(adapters, tracker: tracker)
        let rank = plan.layers[0].ranks(.value)[0]
        #expect(carryOver.kept[0][.value][0] == (rank >= 2 ? [0, 1] : [1]))
    }

    @Test func theGradientStaysExactAfterAReallocation() throws {
        let encoder = try TinyModel.encoder()
        var plan = AdapterPlan(preset: .uniform(rank: 2), shape: TinyModel.shape)
        plan.layers[1].shared = PerProjection(query: 1, value: 1, output: 1)
        var adapters = AdapterSet(plan: plan, labelCount: 3)
        var generator = SeededGenerator(seed: 4)
        for i in adapters.store.values.indices { adapters.store.values[i] = Float(generator.nextNormal() * 0.3) }
        var mean = [Float](repeating: 1, count: adapters.store.count)
        for (layer, layout) in adapters.layouts.enumerated() {
            for projection in Projection.allCases {
                layout.projections[projection].forEachEntry { entry in
                    if let head = entry.head { mean[entry.source] = head == layer ? 5 : 0.1 }
                }
            }
        }
        let tracker = SensitivityTracker(mean: mean, uncertainty: mean, updates: 3)
        let (proposed, carryOver) = try Reallocation(every: 1, until: 1, maxRank: 4).propose(adapters, tracker: tracker)
        let (moved, _, _) = Reallocation.apply(proposed, carryOver: carryOver, to: adapters,
                                               optimizer: AdamW(settings: .paperNLU, store: adapters.store),
                                               tracker: tracker, generator: &generator)
        #expect(moved.plan != plan, "ranks moved")
        var grown = moved
        for i in grown.store.values.indices where grown.store.values[i] == 0 { grown.store.values[i] = Float(generator.nextNormal() * 0.3) }
        let model = try KernelMixClassifier(encoder: encoder, adapters: grown)
        let analytic = model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: nil).gradient
        for entry in model.adapters.store.entries {
            let error = GradientCheckTests.relativeError(analytic: { analytic[$0] }, indices: entry.range) { i, offset in
                let saved = model.adapters.store.values[i]
                defer { model.adapters.store.values[i] = saved }
                model.adapters.store.values[i] = saved + offset
                return model.lossAndGradient(batch: TinyModel.batch, labels: TinyModel.labels, dropout: nil).loss
            }
            #expect(error <= 1e-3, "\(entry.name): \(error)")
        }
    }
}
