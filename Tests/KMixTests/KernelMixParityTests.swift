import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Kernel-mix against the PyTorch computation in `Fixtures/kernelmix-ragged.*` (made by
/// `scripts/make_fixtures.py` with `Benchmarks/pytorch/kernelmix.py` in float64): all-MiniLM-L6-v2,
/// a ragged plan with zero-rank heads, random adapters, frozen pooler head.
@Suite(.enabled(if: TestModel.isAvailable))
struct KernelMixParityTests {
    @Test func logitsLossAndEveryGradientMatchPyTorch() throws {
        let model = try PretrainedModel.load(folder: try TestModel.requireFolder())
        let fixture = try SafeTensorsFile(url: ProjectFiles.fixture("kernelmix-ragged.safetensors"))
        var plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(model.configuration))
        for l in 0..<6 {
            plan.layers[l].heads = PerProjection(query: (0..<12).map { ($0 + l) % 3 }, value: (0..<12).map { (2 * $0 + l) % 4 },
                                                 output: (0..<12).map { ($0 + 2 * l) % 3 })
            plan.layers[l].shared = PerProjection(query: 2, value: 4, output: 3)
        }
        var adapters = AdapterSet(plan: plan, labelCount: 2)
        for entry in adapters.store.entries {
            let name = entry.name.hasPrefix("head.") ? String(entry.name.dropFirst(5)) : entry.name
            adapters.store.set(entry.name, try fixture.tensor("param." + name))
        }
        let classifier = try KernelMixClassifier(encoder: model.encoder, adapters: adapters)

        let mask = try fixture.int64s("input.attention_mask"), ids = try fixture.int64s("input.input_ids")
        let width = mask.count / 6
        let sequences = (0..<6).map { row in
            (0..<width).filter { mask[row * width + $0] == 1 }.map { Int32(ids[row * width + $0]) }
        }
        let labels = try fixture.int64s("input.labels").map { Int($0) }
        let result = classifier.lossAndGradient(batch: PackedBatch(sequences: sequences), labels: labels, dropout: nil)

        let logits = try fixture.floats("output.logits")
        #expect(zip(result.logits.scalars, logits).map { abs($0 - $1) }.max()! <= 1e-4)
        #expect(abs(result.loss - (try fixture.floats("output.loss"))[0]) <= 1e-5)
        var checked = 0
        for entry in classifier.adapters.store.entries {
            let name = entry.name.hasPrefix("head.") ? String(entry.name.dropFirst(5)) : entry.name
            let expected = try fixture.floats("grad." + name)
            let mine = Array(result.gradient[entry.range])
            let difference = zip(mine, expected).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            let norm = expected.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(difference <= 1e-3 * norm, "\(entry.name): relative error \(difference / norm)")
            checked += 1
        }
        #expect(checked == fixture.tensorNames.filter { $0.hasPrefix("grad.") }.count)
        #expect(classifier.adapters.plan.adapterParameters.total == 113_856)
    }
}
