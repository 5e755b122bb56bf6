import Foundation
import KMixTestSupport
import Testing
@testable import KMix

@Suite struct HeadProbeTests {
    func data(_ model: PretrainedModel) -> EncodedDataset {
        EncodedDataset(TinyWorkspace.dataset(48, seed: 9), tokenizer: model.tokenizer, maxLength: 16)
    }

    @Test func statisticsAreInTheirRangesAndCoverTheData() throws {
        let model = try TinyWorkspace.model()
        var adapters = AdapterSet(plan: TinyModel.raggedPlan(head: .cls, trainPooler: false), labelCount: 2)
        var generator = SeededGenerator(seed: 2)
        adapters.initialize(using: &generator)
        let classifier = try KernelMixClassifier(encoder: model.encoder, adapters: adapters)
        let data = data(model)
        let statistics = HeadProbe.run(classifier, on: data, batchSize: 16, batchLimit: 10)
        #expect(statistics.sentences == 48)
        let longest = Float(data.lengths.max()!)
        for layer in 0..<2 {
            for head in 0..<2 {
                #expect(statistics.entropy[layer][head] > 0 && statistics.entropy[layer][head] <= log(longest))
                #expect(statistics.distance[layer][head] >= 0 && statistics.distance[layer][head] < longest)
                #expect(statistics.importance[layer][head] > 0)
            }
        }
    }

    @Test func aHeadWhoseOutputIsDiscardedHasNoImportance() throws {
        let model = try TinyWorkspace.model()
        var weights = model.encoder.weights
        let d = 8, dh = 4
        for row in 0..<d {
            for column in 0..<dh { weights.layers[1].attentionOutputWeight.scalars[row * d + column] = 0 }
        }
        let encoder = Transformer(configuration: model.configuration, weights: weights)
        var adapters = AdapterSet(plan: AdapterPlan(preset: .none, shape: TinyModel.shape).withHead(.cls), labelCount: 2)
        var generator = SeededGenerator(seed: 2)
        adapters.initialize(using: &generator)
        let classifier = try KernelMixClassifier(encoder: encoder, adapters: adapters)
        let statistics = HeadProbe.run(classifier, on: data(model), batchSize: 16, batchLimit: 10)
        #expect(statistics.importance[1][0] == 0, "layer 1 head 0 reaches nothing")
        #expect(statistics.importance[1][1] > 0 && statistics.importance[0][0] > 0)
        let normalized = statistics.layerNormalizedImportance
        #expect(normalized[1] == [0, 1], "the layer's only important head has all of its unit norm")
        let layer0 = statistics.importance[0], norm = (layer0[0] * layer0[0] + layer0[1] * layer0[1]).squareRoot()
        #expect(abs(normalized[0][0] - layer0[0] / norm) < 1e-6 && abs(normalized[0][1] - layer0[1] / norm) < 1e-6)
    }

    @Test func layerNormalizationLeavesAnAllZeroLayerAtZero() {
        let statistics = HeadStatistics(entropy: [[1, 1], [1, 1]], distance: [[1, 1], [1, 1]],
                                        importance: [[0, 0], [3, 4]], sentences: 1)
        #expect(statistics.layerNormalizedImportance == [[0, 0], [0.6, 0.8]])
    }
}

extension AdapterPlan {
    /// The plan with another task head.
    func withHead(_ head: TaskHead) -> AdapterPlan {
        var plan = self
        plan.taskHead = head
        return plan
    }
}
