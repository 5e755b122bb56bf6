import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Kernel-mix on RoBERTa against kmix_torch, the PyTorch library that `python -m kmix_torch.train` trains with
/// (`Fixtures/families/roberta-kernelmix.*`, made by `scripts/make_family_fixtures.py` in float64): a ragged plan
/// with zero-rank heads, `lora_alpha` and a trained pooler; logits within 1e-4 and every gradient, the head's
/// included, within 1e-3 relative.
@Suite struct KernelMixRoBERTaParityTests {
    @Test func logitsLossAndEveryGradientMatchKmixTorch() throws {
        let roberta = try FamilyFixture.transformer("tiny-roberta")
        let reference = try FamilyFixture.reference("roberta-kernelmix")
        let description = try JSONNode(parsing: Data(contentsOf: ProjectFiles.fixture("families/roberta-kernelmix.json")))
            .object().required("plan").object()
        var plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(roberta.configuration))
        plan.dropout = 0
        plan.taskHead = .pooler
        plan.trainPooler = true
        plan.loraAlpha = Float(try description.required("lora_alpha").double())
        for (index, layer) in try description.required("layers").array().enumerated() {
            let budget = try layer.object(), shared = try budget.required("shared").object()
            func ranks(_ key: String) throws -> [Int] { try budget.required(key).array().map { try $0.int() } }
            plan.layers[index].heads = PerProjection(query: try ranks("q"), value: try ranks("v"), output: try ranks("o"))
            plan.layers[index].shared = PerProjection(query: try shared.required("q").int(), value: try shared.required("v").int(),
                                                      output: try shared.required("o").int())
        }
        var adapters = AdapterSet(plan: plan, labelCount: 2, pooler: (try #require(roberta.weights.poolerWeight),
                                                                      try #require(roberta.weights.poolerBias)))
        #expect(adapters.store.entries.count == reference.tensorNames.filter { $0.hasPrefix("grad.") }.count)
        for entry in adapters.store.entries {
            adapters.store.values.replaceSubrange(entry.range, with: try reference.floats(entry.name))
        }
        let classifier = try KernelMixClassifier(encoder: roberta, adapters: adapters, workers: 2)
        let (batch, _) = try FamilyFixture.batch(reference)
        let labels = try reference.int64s("labels").map { Int($0) }
        let result = classifier.lossAndGradient(batch: batch, labels: labels, dropout: nil)

        let logits = try reference.floats("logits")
        let worst = zip(result.logits.scalars, logits).map { abs($0 - $1) }.max()!
        #expect(worst <= 1e-4, "max |logit difference| \(worst)")
        #expect(abs(result.loss - (try reference.floats("loss"))[0]) <= 1e-4)
        for entry in classifier.adapters.store.entries {
            let expected = try reference.floats("grad." + entry.name), mine = Array(result.gradient[entry.range])
            let difference = zip(mine, expected).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            let norm = expected.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(difference <= 1e-3 * norm, "\(entry.name): relative error \(difference / norm)")
        }
    }
}
