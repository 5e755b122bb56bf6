import Foundation
import KMix

/// Encoding sentences to normalised mean-pooled embeddings, timed from token ids.
struct EmbedWorkload {
    struct Result {
        let seconds: Double
        let sentences: Int
        let realTokens: Int
        let flops: Double
        var sentencesPerSecond: Double { Double(sentences) / seconds }
        var tokensPerSecond: Double { Double(realTokens) / seconds }
        var gflops: Double { flops / seconds / 1e9 }
    }

    let model: PretrainedModel
    let batches: [PackedBatch]
    let workers: Int

    /// Tokenises `texts` (untimed), sorts them by length and packs batches of `batchSize`.
    init(model: PretrainedModel, texts: [String], batchSize: Int, workers: Int) {
        self.model = model
        self.workers = workers
        let encodings = texts.map { model.tokenizer.encode($0, maxLength: model.configuration.maxPositions) }
        let order = encodings.indices.sorted { encodings[$0].ids.count < encodings[$1].ids.count }
        batches = Swift.stride(from: 0, to: order.count, by: batchSize).map { start in
            let members = order[start..<min(start + batchSize, order.count)]
            return PackedBatch(sequences: members.map { encodings[$0].ids },
                               typeIDs: members.map { encodings[$0].typeIDs })
        }
    }

    /// Best wall time of `repeats` passes over all batches, after one warm-up pass.
    func measure(repeats: Int) -> Result {
        var best = Double.infinity
        for pass in 0...repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            for batch in batches {
                let hidden = model.encoder.hiddenStates(for: batch, workers: workers)
                _ = Pooling.mean.pool(hidden, batch: batch, normalize: true)
            }
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            if pass > 0 { best = min(best, seconds) }
        }
        return Result(seconds: best, sentences: batches.reduce(0) { $0 + $1.count },
                      realTokens: batches.reduce(0) { $0 + $1.tokenCount }, flops: flops())
    }

    /// Multiply-adds ×2 of every product in one pass: the linear layers per token,
    /// and attention's two products per sequence and head.
    private func flops() -> Double {
        let c = model.configuration
        let d = Double(c.hiddenSize), ff = Double(c.intermediateSize), layers = Double(c.layerCount)
        var total = 0.0
        for batch in batches {
            total += Double(batch.tokenCount) * layers * 2 * (4 * d * d + 2 * d * ff)
            for length in batch.lengths { total += layers * 2 * 2 * Double(length * length) * d }
        }
        return total
    }
}
