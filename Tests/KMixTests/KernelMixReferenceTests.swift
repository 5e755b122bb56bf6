import Foundation
import Testing
import KMixTestSupport
@testable import KMix

/// The packed engine (`KernelMixClassifier`) against `ReferenceKernelMix`, Kernel-mix computed
/// literally head by head in double precision, on random ragged plans; and the reference itself
/// against the PyTorch fixture.
///
/// 24 random plans (`RandomKernelMixCase`, seeds 1000…1023; `randomPlansCoverEveryCase` checks what
/// they cover) on random BERTs of 2 or 3 layers with 1, 2, 3 or 4 heads of 5, 4, 4 or 2. For each:
/// - the parameter store holds exactly the tensors `docs/plans.md` names, with their shapes;
/// - logits: max |engine − reference| ≤ 1e-5 · max(1, max |reference logit|), and the loss within
///   1e-5 · max(1, loss). The engine computes in float32, so it is exact to a few float32 ulps
///   amplified by the layers: on 240 such plans (seeds 1000…1239) the logits differed by at most
///   1.8e-6 of their scale and the loss by 8.6e-7;
/// - gradient: the engine's (float32, 2 workers) against central differences of the reference
///   (double, step 1e-5: error about 1e-9), on every scalar of the tensors of at most 8 scalars
///   and 8 random scalars of each larger tensor. Per tensor, over its m sampled scalars,
///   ‖engine − numeric‖ ≤ 2e-4 ‖numeric‖ + 1e-8 √m. On the 240 plans (7,423 tensors) the largest
///   relative difference was 1.0e-4 (a head's 2-scalar query bias, gradient norm 7e-3), the next
///   5.2e-5; on the 24 plans here 3.4e-5. The absolute term
///   covers the differences' own error on tensors whose gradient is zero or tiny (the `lora`
///   start's A's, whose gradient is exactly 0); a misplaced block makes a tensor's gradient wrong
///   by about its own size, thousands of times the bound.
///
/// The 24 plans take about 3 s of one core in a release build (`swift-testing` runs them side by side).
@Suite struct KernelMixReferenceTests {
    static let planCount = 24
    static let logitTolerance = 1e-5
    static let gradientTolerance = (relative: 2e-4, absolute: 1e-8)
    /// Tensors with at most this many scalars are checked in full, larger ones on this many random scalars.
    static let sampledScalars = 8

    /// Plan `index` of the series.
    static func randomCase(_ index: Int) throws -> RandomKernelMixCase {
        try RandomKernelMixCase(index: index, seed: 1000 + UInt64(index))
    }

    /// The store's tensors, the logits, the loss and the gradient of plan `index`, as described above.
    @Test(arguments: 0..<planCount)
    func packedEngineMatchesTheReference(index: Int) throws {
        let c = try Self.randomCase(index)
        let documented = ReferenceKernelMix.documentedTensors(plan: c.plan, labelCount: c.adapters.labelCount)
        let stored = Dictionary(uniqueKeysWithValues: c.adapters.store.entries.map { ($0.name, $0.shape) })
        #expect(stored == documented, "\(c.summary)")

        let engine = try KernelMixClassifier(encoder: c.encoder, adapters: c.adapters, workers: 2)
            .lossAndGradient(batch: c.batch, labels: c.labels, dropout: nil)
        let reference = try ReferenceKernelMix(encoder: c.encoder, adapters: c.adapters)
        let values = c.adapters.store.values.map(Double.init)
        let expected = reference.evaluate(values, batch: c.batch, labels: c.labels)
        let logits = expected.logits.flatMap { $0 }
        let scale = max(1, logits.map(abs).max()!)
        let logitError = zip(engine.logits.scalars, logits).map { abs(Double($0) - $1) }.max()!
        #expect(logitError <= Self.logitTolerance * scale,
                "logits differ by \(logitError) (largest logit \(scale)): \(engine.logits.scalars) against \(logits); \(c.summary)")
        let lossError = abs(Double(engine.loss) - expected.loss)
        #expect(lossError <= Self.logitTolerance * max(1, expected.loss),
                "loss \(engine.loss) against \(expected.loss); \(c.summary)")

        var generator = SeededGenerator(seed: 77 + UInt64(index))
        for entry in c.adapters.store.entries {
            let sample = entry.range.count <= Self.sampledScalars
                ? Array(entry.range) : Array(entry.range.shuffled(using: &generator).prefix(Self.sampledScalars))
            var difference = 0.0, norm = 0.0
            for i in sample {
                let numeric = reference.derivative(at: values, index: i, step: 1e-5, batch: c.batch, labels: c.labels)
                difference += (Double(engine.gradient[i]) - numeric) * (Double(engine.gradient[i]) - numeric)
                norm += numeric * numeric
            }
            let (relative, absolute) = Self.gradientTolerance
            #expect(difference.squareRoot() <= relative * norm.squareRoot() + absolute * Double(sample.count).squareRoot(),
                    "\(entry.name): gradient differs by \(difference.squareRoot()) (relative \(difference.squareRoot() / norm.squareRoot())) at \(sample.map { $0 - entry.range.lowerBound }); \(c.summary)")
        }
    }

    /// The plans of `packedEngineMatchesTheReference` cover what its documentation says.
    @Test func randomPlansCoverEveryCase() throws {
        let cases = try (0..<Self.planCount).map(Self.randomCase)
        func some(_ property: (RandomKernelMixCase) -> Bool) -> Bool { cases.contains(where: property) }
        func anyLayer(_ property: (AdapterPlan.LayerBudget, RandomKernelMixCase) -> Bool) -> Bool {
            some { c in c.plan.layers.contains { property($0, c) } }
        }
        for head in AdapterPlan.TaskHead.allCases { #expect(some { $0.plan.taskHead == head }, "\(head)") }
        #expect(some { $0.plan.trainPooler } && some { $0.plan.taskHead == .pooler && !$0.plan.trainPooler })
        for values in [RandomKernelMixCase.Values.houlsby, .lora, .random] { #expect(some { $0.values == values }) }
        #expect(some { $0.plan.loraAlpha != nil } && some { $0.plan.loraAlpha == nil })
        for model in RandomKernelMixCase.models { #expect(some { $0.model.shape == model.shape }, "\(model)") }
        #expect(anyLayer { layer, _ in Projection.allCases.allSatisfy { layer.ranks($0).allSatisfy { $0 == 0 } && layer.sharedRank($0) == 0 } },
                "a whole layer without adapters")
        for projection in Projection.allCases {
            #expect(anyLayer { layer, _ in layer.ranks(projection).contains(0) && layer.ranks(projection).contains { $0 > 0 } },
                    "a zero-rank head beside an adapted one on \(projection)")
            #expect(anyLayer { layer, c in layer.ranks(projection).contains(c.model.headSize) }, "a full-rank head on \(projection)")
            #expect(anyLayer { layer, _ in layer.sharedRank(projection) > 0 }, "a shared rank on \(projection)")
        }
        #expect(some { $0.batch.lengths.contains(1) } && some { $0.batch.lengths.contains(RandomBert.maxPositions) })
        #expect(some { $0.batch.typeIDs.contains(1) }, "a sentence pair")
    }

    /// The reference computes the function of the PyTorch module that made `kernelmix-ragged` (in float64):
    /// all-MiniLM-L6-v2 with a ragged plan and the frozen pooler head. The fixture's logits and loss are
    /// float32 roundings of float64 values (within 6e-8 of them, relatively): measured 4e-9 and 2e-8 apart.
    @Test(.enabled(if: TestModel.isAvailable))
    func referenceMatchesPyTorchOnMiniLM() throws {
        let model = try PretrainedModel.load(folder: try TestModel.requireFolder())
        let fixture = try SafeTensorsFile(url: ProjectFiles.fixture("kernelmix-ragged.safetensors"))
        var plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(model.configuration))
        for l in 0..<6 {
            plan.layers[l].heads[.query] = (0..<12).map { ($0 + l) % 3 }
            plan.layers[l].heads[.value] = (0..<12).map { (2 * $0 + l) % 4 }
            plan.layers[l].heads[.output] = (0..<12).map { ($0 + 2 * l) % 3 }
            plan.layers[l].shared[.query] = 2
            plan.layers[l].shared[.value] = 4
            plan.layers[l].shared[.output] = 3
        }
        var adapters = AdapterSet(plan: plan, labelCount: 2)
        for entry in adapters.store.entries {
            let name = entry.name.hasPrefix("head.") ? String(entry.name.dropFirst(5)) : entry.name
            adapters.store.set(entry.name, try fixture.tensor("param." + name))
        }
        let mask = try fixture.int64s("input.attention_mask"), ids = try fixture.int64s("input.input_ids")
        let width = mask.count / 6
        let sequences = (0..<6).map { row in
            (0..<width).filter { mask[row * width + $0] == 1 }.map { Int32(ids[row * width + $0]) }
        }
        let labels = try fixture.int64s("input.labels").map { Int($0) }

        let reference = try ReferenceKernelMix(encoder: model.encoder, adapters: adapters)
        let result = reference.evaluate(adapters.store.values.map(Double.init), batch: PackedBatch(sequences: sequences),
                                        labels: labels)
        let expected = try fixture.floats("output.logits").map(Double.init)
        for (mine, theirs) in zip(result.logits.flatMap { $0 }, expected) {
            #expect(abs(mine - theirs) <= 2e-7 * max(1, abs(theirs)), "logit \(mine) against \(theirs)")
        }
        let loss = Double(try fixture.floats("output.loss")[0])
        #expect(abs(result.loss - loss) <= 2e-7 * max(1, loss), "loss \(result.loss) against \(loss)")
    }
}
