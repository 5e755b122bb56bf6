import Foundation
import KMixTestSupport
import Testing
@testable import KMix

@Suite struct ExportTests {
    /// Houlsby-initialised adapters of a ragged plan (every tensor, biases included, non-zero), the shared
    /// terms scaled by `loraAlpha`.
    func adapters(_ model: PretrainedModel, loraAlpha: Float? = nil) -> AdapterSet {
        var plan = TinyModel.raggedPlan(head: .pooler, trainPooler: true)
        plan.initialization = .houlsby
        plan.loraAlpha = loraAlpha
        let weights = model.encoder.weights
        var adapters = AdapterSet(plan: plan, labelCount: 3, pooler: (weights.poolerWeight!, weights.poolerBias!))
        var generator = SeededGenerator(seed: 11)
        adapters.initialize(using: &generator)
        for i in adapters.store.values.indices { adapters.store.values[i] *= 30 }
        return adapters
    }

    @Test(arguments: [nil, 3] as [Float?])
    func foldedLoRAFactorsGiveTheKernelMixLogits(loraAlpha: Float?) throws {
        let model = try TinyWorkspace.model()
        let adapters = adapters(model, loraAlpha: loraAlpha)
        let kernelMix = try KernelMixClassifier(encoder: model.encoder, adapters: adapters, workers: 1)
        var weights = model.encoder.weights
        for layer in 0..<2 {
            let factors = adapters.loraFactors(layer: layer, weights: model.encoder.weights)
            #expect(factors.all.allSatisfy { $0 != nil }, "every projection of the ragged plan is adapted")
            for projection in Projection.allCases {
                if let lora = factors[projection] { weights.add(lora, layer: layer, projection: projection) }
            }
        }
        weights.poolerWeight = adapters.store.tensor("head.pooler.weight")
        weights.poolerBias = adapters.store.tensor("head.pooler.bias")
        var plain = AdapterSet(plan: AdapterPlan(preset: .none, shape: TinyModel.shape), labelCount: 3)
        plain.store.set("head.classifier.weight", adapters.store.tensor("head.classifier.weight")!)
        plain.store.set("head.classifier.bias", adapters.store.tensor("head.classifier.bias")!)
        let merged = try KernelMixClassifier(encoder: Transformer(configuration: model.configuration, weights: weights),
                                             adapters: plain, workers: 1)
        let batch = model.pack(["good film", "the plot is very dull and long", "not fun"])
        let expected = kernelMix.logits(for: batch).scalars, found = merged.logits(for: batch).scalars
        let base = try KernelMixClassifier(encoder: model.encoder, adapters: plain, workers: 1).logits(for: batch).scalars
        let difference = zip(expected, found).map { abs($0 - $1) }.max()!
        let effect = zip(expected, base).map { abs($0 - $1) }.max()!
        #expect(difference < 1e-5, "merged equals Kernel-mix: \(difference)")
        #expect(effect > 1e-2, "the adapters change the logits: \(effect)")
    }

    @Test func huggingFaceNamesCoverEveryWeightOnce() throws {
        let weights = try TinyWorkspace.model().encoder.weights
        let tensors = weights.huggingFaceTensors(family: .bert, prefix: "bert.")
        #expect(Set(tensors.map(\.name)).count == tensors.count)
        #expect(tensors.reduce(0) { $0 + $1.tensor.count } == weights.parameterCount)
        let reread = try ModelWeights(configuration: TinyWorkspace.model().configuration, source: "names") { name in
            tensors.first { $0.name == "bert." + name }?.tensor
        }
        #expect(reread.layers[1].qkvWeight == weights.layers[1].qkvWeight)
    }
}
