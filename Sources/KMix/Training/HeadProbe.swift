import Foundation

/// Per-head statistics for choosing budgets: how each attention head behaves
/// on task data, and how much the loss depends on it.
public struct HeadStatistics: Sendable, Equatable {
    /// Mean entropy (nats) of each head's attention distribution over the keys, `layers x heads`.
    public var entropy: [[Float]]
    /// Mean distance (in tokens) between a query and the keys it attends to, weighted by attention.
    public var distance: [[Float]]
    /// Michel et al. (2019) importance: the mean over sentences of |∂L/∂ξ_h|, with ξ_h a gate on the head's output.
    public var importance: [[Float]]
    /// Sentences the statistics cover.
    public var sentences: Int

    /// `importance` with each layer scaled to unit ℓ2 norm over its heads, as Michel et al. normalise
    /// it to compare heads across layers (the last layers' raw gradients are much larger). A layer
    /// whose heads all have zero importance stays zero.
    public var layerNormalizedImportance: [[Float]] {
        importance.map { layer in
            let norm = layer.reduce(0) { $0 + $1 * $1 }.squareRoot()
            return norm > 0 ? layer.map { $0 / norm } : layer
        }
    }
}

/// Computes `HeadStatistics` with a classifier (its current adapters and task head) on labelled batches.
///
/// Entropy and distance describe the frozen model with the current adapters.
/// Importance is relative to the current task head: probe a trained run to
/// rank heads for the task; before training, the head is freshly initialised
/// and importance says which heads move its readout.
public enum HeadProbe {
    /// Statistics over the first `batchLimit` evaluation batches of `data`.
    public static func run(_ classifier: KernelMixClassifier, on data: EncodedDataset, batchSize: Int,
                           batchLimit: Int) -> HeadStatistics {
        let c = classifier.encoder.configuration
        let layers = c.layerCount, heads = c.headCount
        var statistics = HeadStatistics(entropy: zeros(layers, heads), distance: zeros(layers, heads),
                                        importance: zeros(layers, heads), sentences: 0)
        var queries = 0
        let schedule = BatchSchedule(lengths: data.lengths, batchSize: batchSize, seed: 0)
        for indices in schedule.evaluationBatches().prefix(batchLimit) {
            let labeled = data.batch(indices)
            let batch = labeled.batch
            let sample = classifier.probe(batch: batch, labels: labeled.labels)
            for l in 0..<layers {
                for h in 0..<heads {
                    statistics.entropy[l][h] += sample.entropy[l][h]
                    statistics.distance[l][h] += sample.distance[l][h]
                    statistics.importance[l][h] += sample.importance[l][h]
                }
            }
            queries += batch.tokenCount
            statistics.sentences += batch.count
        }
        for l in 0..<layers {
            for h in 0..<heads {
                statistics.entropy[l][h] /= Float(max(1, queries))
                statistics.distance[l][h] /= Float(max(1, queries))
                statistics.importance[l][h] /= Float(max(1, statistics.sentences))
            }
        }
        return statistics
    }

    private static func zeros(_ rows: Int, _ columns: Int) -> [[Float]] {
        [[Float]](repeating: [Float](repeating: 0, count: columns), count: rows)
    }
}

/// Sums over one batch: entropy and distance over its query tokens, |gate gradient| over its sentences.
struct HeadProbeSample {
    var entropy: [[Float]]
    var distance: [[Float]]
    var importance: [[Float]]

    /// Zero sums for `layers x heads`.
    init(layers: Int, heads: Int) {
        let zeros = [[Float]](repeating: [Float](repeating: 0, count: heads), count: layers)
        entropy = zeros
        distance = zeros
        importance = zeros
    }

    /// Adds another sample's sums.
    mutating func add(_ other: HeadProbeSample) {
        for l in entropy.indices {
            for h in entropy[l].indices {
                entropy[l][h] += other.entropy[l][h]
                distance[l][h] += other.distance[l][h]
                importance[l][h] += other.importance[l][h]
            }
        }
    }

    /// Sums over the saved attention probabilities of `pass` into layer `layer`'s rows.
    mutating func addAttention(of pass: LayerPass, layer: Int, batch: PackedBatch, headCount: Int) {
        let probabilities = pass.probabilities.pointer
        var start = 0
        for sequence in 0..<batch.count {
            let length = batch.lengths[sequence]
            for head in 0..<headCount {
                var entropySum: Float = 0, distanceSum: Float = 0
                for query in 0..<length {
                    for key in 0..<length {
                        let p = probabilities[start + query * length + key]
                        if p > 0 { entropySum -= p * Foundation.log(p) }
                        distanceSum += p * Float(abs(query - key))
                    }
                }
                entropy[layer][head] += entropySum
                distance[layer][head] += distanceSum
                start += length * length
            }
        }
    }
}
