import Foundation
import KMix

/// Training steps of a decoder's adapters on source/target sequences (forward, target-only loss with label
/// smoothing, backward, clipping, AdamW), timed after warm-up, on the length-bucketed batches of epoch 0 (seed 42).
struct GenerationTrainWorkload {
    struct Result {
        let seconds: Double
        let steps: Int
        let sentences: Int
        /// Every token of the timed batches (sources and targets).
        let realTokens: Int
        /// The tokens the loss covers: each sequence's tokens from its target start on.
        let targetTokens: Int
        let finalLoss: Float
        /// The adapters after the last step.
        let adapters: AdapterSet
        var sentencesPerSecond: Double { Double(sentences) / seconds }
        var tokensPerSecond: Double { Double(realTokens) / seconds }
        var targetTokensPerSecond: Double { Double(targetTokens) / seconds }
    }

    /// One batch as the PyTorch reference reads it: each sequence's token ids and first target position.
    struct BatchDescription: Encodable {
        let ids: [[Int32]]
        let starts: [Int]
    }

    let model: PretrainedModel
    let plan: AdapterPlan
    let data: EncodedDataset
    let batchSize: Int
    let labelSmoothing: Float
    let workers: Int

    /// The first `count` batches of epoch 0, as example indices.
    func batches(_ count: Int) -> [[Int]] {
        Array(BatchSchedule(lengths: data.lengths, batchSize: batchSize, seed: 42).trainingBatches(epoch: 0).prefix(count))
    }

    /// The first `count` batches with their token ids and target starts, for the reference run.
    func describedBatches(_ count: Int) -> [BatchDescription] {
        let starts = data.targetStarts ?? []
        return batches(count).map { indices in
            BatchDescription(ids: indices.map { data.ids[$0] }, starts: indices.map { starts[$0] })
        }
    }

    /// The adapters training starts from: the plan's initialisation, seed 42.
    func initialAdapters() -> AdapterSet {
        var adapters = AdapterSet(plan: plan, labelCount: 0)
        var generator = SeededGenerator(seed: 42)
        adapters.initialize(using: &generator)
        return adapters
    }

    /// Times `steps` updates after `warmup` untimed ones, from `initialAdapters()`.
    func measure(steps: Int, warmup: Int) throws -> Result {
        let adapters = initialAdapters()
        let language = try KernelMixLanguageModel(model: model.encoder, adapters: adapters, workers: workers)
        var optimizer = AdamW(settings: OptimizerSettings(learningRate: 1e-3), store: adapters.store)
        let starts = data.targetStarts ?? []
        let c = model.configuration
        var seconds = 0.0, sentences = 0, tokens = 0, targets = 0, loss: Float = 0
        var gradient: [Float] = []
        for (step, indices) in batches(warmup + steps).enumerated() {
            let batch = data.batch(indices).batch, batchStarts = indices.map { starts[$0] }
            let dropout = DropoutSource(hiddenRate: c.hiddenDropout, attentionRate: c.attentionDropout,
                                        adapterRate: plan.dropout, generator: SeededGenerator(seed: UInt64(step)))
            let start = DispatchTime.now().uptimeNanoseconds
            let stepLoss = language.lossAndGradient(batch: batch, targetStarts: batchStarts, labelSmoothing: labelSmoothing,
                                                    dropout: dropout, into: &gradient)
            GradientClipping.clip(&gradient, maxNorm: 1)
            optimizer.update(&language.adapters.store.values, gradient: gradient, learningRate: 1e-3)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            guard step >= warmup else { continue }
            seconds += elapsed
            sentences += batch.count
            tokens += batch.tokenCount
            targets += zip(batch.lengths, batchStarts).reduce(0) { $0 + max($1.0 - $1.1, 0) }
            loss = stepLoss
        }
        return Result(seconds: seconds, steps: steps, sentences: sentences, realTokens: tokens, targetTokens: targets,
                      finalLoss: loss, adapters: language.adapters)
    }
}
