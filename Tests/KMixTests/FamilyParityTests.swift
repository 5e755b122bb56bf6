import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// RoBERTa and GPT-2 against transformers on the tiny random models of `Fixtures/families/`
/// (`scripts/make_family_fixtures.py`): hidden states and logits within 1e-4, and Kernel-mix's next-token loss
/// and gradients on GPT-2 within 1e-4 and 1e-3 relative of the float64 PyTorch implementation of the same adapters
/// (`Benchmarks/pytorch/kernelmix.py`, `KernelMixLM`).
@Suite struct FamilyParityTests {
    @Test func robertaLastHiddenStateAndClassifierLogitsMatchTransformers() throws {
        let roberta = try FamilyFixture.transformer("tiny-roberta")
        #expect(roberta.configuration.family == .roberta && roberta.configuration.positionOffset == 2)
        let reference = try FamilyFixture.reference("roberta-forward")
        let (batch, width) = try FamilyFixture.batch(reference)
        let hidden = roberta.hiddenStates(for: batch)
        let d = roberta.configuration.hiddenSize
        let worst = FamilyFixture.worstDifference(hidden.scalars, try reference.floats("last_hidden_state"),
                                                  batch: batch, width: width, columns: d)
        #expect(worst <= 1e-4, "max |difference| \(worst)")

        // RobertaClassificationHead: out_proj(tanh(dense(h_<s>))); `dense` is the model's pooler in kmix.
        let folder = try FamilyFixture.folder("tiny-roberta")
        let weights = try SafeTensorsFile(url: folder.appendingPathComponent("model.safetensors"))
        let outWeight = try weights.floats("classifier.out_proj.weight"), outBias = try weights.floats("classifier.out_proj.bias")
        let dense = try #require(roberta.weights.poolerWeight).scalars, denseBias = try #require(roberta.weights.poolerBias).scalars
        let expected = try reference.floats("logits")
        var worstLogit: Float = 0
        for sequence in 0..<batch.count {
            let first = Array(hidden.scalars[(batch.offsets[sequence] * d)..<((batch.offsets[sequence] + 1) * d)])
            let pooled = (0..<d).map { i in tanh((0..<d).reduce(denseBias[i]) { $0 + dense[i * d + $1] * first[$1] }) }
            for label in 0..<2 {
                let logit = (0..<d).reduce(outBias[label]) { $0 + outWeight[label * d + $1] * pooled[$1] }
                worstLogit = max(worstLogit, abs(logit - expected[sequence * 2 + label]))
            }
        }
        #expect(worstLogit <= 1e-4, "max |logit difference| \(worstLogit)")
    }

    @Test func gpt2LastHiddenStateAndLanguageModelLogitsMatchTransformers() throws {
        let gpt2 = try FamilyFixture.transformer("tiny-gpt2")
        #expect(gpt2.configuration.family == .gpt2 && gpt2.configuration.activation == .geluTanh)
        let reference = try FamilyFixture.reference("gpt2-forward")
        let (batch, width) = try FamilyFixture.batch(reference)
        let hidden = gpt2.hiddenStates(for: batch)
        let d = gpt2.configuration.hiddenSize, vocabulary = gpt2.configuration.vocabularySize
        let worst = FamilyFixture.worstDifference(hidden.scalars, try reference.floats("last_hidden_state"),
                                                  batch: batch, width: width, columns: d)
        #expect(worst <= 1e-4, "max |hidden difference| \(worst)")
        var logits = [Float](repeating: 0, count: batch.tokenCount * vocabulary)
        hidden.scalars.withUnsafeBufferPointer { h in
            gpt2.weights.wordEmbeddings.scalars.withUnsafeBufferPointer { words in
                BLAS.gemm(.none, .transposed, m: batch.tokenCount, n: vocabulary, k: d, a: h.baseAddress!, lda: d,
                          b: words.baseAddress!, ldb: d, c: &logits, ldc: vocabulary)
            }
        }
        let worstLogit = FamilyFixture.worstDifference(logits, try reference.floats("logits"), batch: batch, width: width,
                                                       columns: vocabulary)
        #expect(worstLogit <= 1e-4, "max |logit difference| \(worstLogit)")
    }

    @Test func kernelMixLossAndGradientsOnGPT2MatchPyTorch() throws {
        let gpt2 = try FamilyFixture.transformer("tiny-gpt2")
        let reference = try FamilyFixture.reference("gpt2-kernelmix")
        let description = try JSONNode(parsing: Data(contentsOf: ProjectFiles.fixture("families/gpt2-kernelmix.json"))).object()
        var plan = AdapterPlan(preset: .none, shape: AdapterPlan.ModelShape(gpt2.configuration))
        for (index, layer) in try description.required("plan").object().required("layers").array().enumerated() {
            let budget = try layer.object(), shared = try budget.required("shared").object()
            func ranks(_ key: String) throws -> [Int] { try budget.required(key).array().map { try $0.int() } }
            plan.layers[index].heads = PerProjection(query: try ranks("q"), value: try ranks("v"), output: try ranks("o"))
            plan.layers[index].shared = PerProjection(query: try shared.required("q").int(), value: try shared.required("v").int(),
                                                      output: try shared.required("o").int())
        }
        var adapters = AdapterSet(plan: plan, labelCount: 0)
        let entries = adapters.store.entries.filter { !$0.range.isEmpty }
        #expect(entries.count == 36, "every adapter tensor of the fixture has a place in the store")
        for entry in entries {
            adapters.store.values.replaceSubrange(entry.range, with: try reference.floats(entry.name))
        }
        let model = try KernelMixLanguageModel(model: gpt2, adapters: adapters, workers: 2)
        let (batch, _) = try FamilyFixture.batch(reference)
        let (loss, gradient) = model.lossAndGradient(batch: batch, dropout: nil)
        try expectMatches(loss: loss, gradient: gradient, entries: entries, reference: reference, prefix: "")
        // The loss a source/target pair trains with: target tokens only (one sequence has none), label smoothing.
        let starts = try description.required("target_starts").array().map { try $0.int() }
        let smoothing = Float(try description.required("label_smoothing").double())
        var targetGradient: [Float] = []
        let targetLoss = model.lossAndGradient(batch: batch, targetStarts: starts, labelSmoothing: smoothing,
                                               dropout: nil, into: &targetGradient)
        try expectMatches(loss: targetLoss, gradient: targetGradient, entries: entries, reference: reference,
                          prefix: "target_")
    }

    /// Checks a loss within 1e-4 of `PREFIXloss` and each tensor's gradient within 1e-3 relative (L2) of
    /// `PREFIXgrad.NAME`.
    private func expectMatches(loss: Float, gradient: [Float], entries: [ParameterStore.Entry],
                               reference: SafeTensorsFile, prefix: String) throws {
        let expectedLoss = try reference.floats(prefix + "loss")[0]
        #expect(abs(loss - expectedLoss) <= 1e-4, "\(prefix)loss \(loss) against \(expectedLoss)")
        for entry in entries {
            let expected = try reference.floats(prefix + "grad." + entry.name), mine = Array(gradient[entry.range])
            let difference = zip(mine, expected).reduce(Float(0)) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }.squareRoot()
            let norm = expected.reduce(Float(0)) { $0 + $1 * $1 }.squareRoot()
            #expect(difference <= 1e-3 * norm, "\(prefix)\(entry.name): relative error \(difference / norm)")
        }
    }
}
