import Foundation
import KMix

/// Training steps (forward, backward, clipping, AdamW) on the SST-2 recipe's batches, timed after warm-up.
struct TrainWorkload {
    struct Result {
        let seconds: Double
        let steps: Int
        let sentences: Int
        let realTokens: Int
        let flops: Double
        let finalLoss: Float
        /// Heap allocations of each timed step, when counted.
        let allocations: [AllocationCount]
        /// Heap allocations of the first pass over the timed batches, when counted.
        let firstPassAllocations: [AllocationCount]
        var tokensPerSecond: Double { Double(realTokens) / seconds }
        var sentencesPerSecond: Double { Double(sentences) / seconds }
        var gflops: Double { flops / seconds / 1e9 }
    }

    let model: PretrainedModel
    let plan: AdapterPlan
    let data: EncodedDataset
    let batchSize: Int
    let workers: Int

    /// Times `steps` updates after `warmup` untimed ones, on the first batches of epoch 0 (seed 42).
    ///
    /// With `countAllocations`, the warm-up also runs the timed batches once (so that
    /// buffers have grown to the largest of them), and each timed step's heap
    /// allocations are counted: forward, backward, clipping and the AdamW update.
    /// Under callgrind, each timed step's costs go to a profile file of their own.
    func measure(steps: Int, warmup: Int = 2, countAllocations: Bool = false) throws -> Result {
        let weights = model.encoder.weights
        var adapters = AdapterSet(plan: plan, labelCount: data.labelNames.count,
                                  pooler: weights.poolerWeight.map { ($0, weights.poolerBias!) })
        var generator = SeededGenerator(seed: 42)
        adapters.initialize(using: &generator)
        let classifier = try KernelMixClassifier(encoder: model.encoder, adapters: adapters, workers: workers)
        var optimizer = AdamW(settings: OptimizerSettings(learningRate: 1e-3), store: adapters.store)
        let batches = Array(BatchSchedule(lengths: data.lengths, batchSize: batchSize, seed: 42)
            .trainingBatches(epoch: 0).prefix(warmup + steps).enumerated())
        let timed = Array(batches.dropFirst(warmup))
        let schedule = countAllocations ? batches + timed : batches
        let firstTimed = schedule.count - timed.count
        let c = model.configuration
        var seconds = 0.0, sentences = 0, tokens = 0, flops = 0.0, loss: Float = 0
        var allocations: [AllocationCount] = [], firstPass: [AllocationCount] = []
        var gradient: [Float] = []
        for (position, (step, indices)) in schedule.enumerated() {
            let labeled = data.batch(indices)
            let dropout = DropoutSource(hiddenRate: c.hiddenDropout, attentionRate: c.attentionDropout,
                                        adapterRate: plan.dropout, generator: SeededGenerator(seed: UInt64(step)))
            let start = DispatchTime.now().uptimeNanoseconds
            if position == firstTimed { OperationProfile.shared.reset() }
            var stepLoss: Float = 0
            if position >= firstTimed { Callgrind.zero() }
            let counted = AllocationCount.during {
                stepLoss = classifier.lossAndGradient(batch: labeled.batch, labels: labeled.labels, dropout: dropout,
                                                      into: &gradient)
                OperationProfile.shared.measure(.optimizer) {
                    GradientClipping.clip(&gradient, maxNorm: 1)
                    optimizer.update(&classifier.adapters.store.values, gradient: gradient, learningRate: 1e-3)
                }
            }
            if position >= firstTimed { Callgrind.dump("timed step \(position - firstTimed + 1)") }
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if countAllocations && position >= warmup && position < firstTimed { firstPass.append(counted) }
            guard position >= firstTimed else { continue }
            if countAllocations { allocations.append(counted) }
            seconds += elapsed
            sentences += labeled.batch.count
            tokens += labeled.batch.tokenCount
            flops += Self.flops(labeled.batch, configuration: c, lowestAdapted: adapters.lowestAdaptedLayer ?? c.layerCount)
            loss = stepLoss
        }
        return Result(seconds: seconds, steps: steps, sentences: sentences, realTokens: tokens, flops: flops,
                      finalLoss: loss, allocations: allocations, firstPassAllocations: firstPass)
    }

    /// Useful FLOPs of one step on the frozen model's products: the forward pass through every
    /// layer, and the input-gradient products of the layers a backward pass runs through
    /// (adapter products, a few percent, are not counted).
    static func flops(_ batch: PackedBatch, configuration c: ModelConfiguration, lowestAdapted: Int) -> Double {
        let d = Double(c.hiddenSize), ff = Double(c.intermediateSize), n = Double(batch.tokenCount)
        let attention = batch.lengths.reduce(0.0) { $0 + 4 * Double($1 * $1) * d }
        let layer = n * 2 * (4 * d * d + 2 * d * ff) + attention
        let backwardLayers = Double(c.layerCount - lowestAdapted)
        return Double(c.layerCount) * layer + backwardLayers * (layer + attention)
    }
}
