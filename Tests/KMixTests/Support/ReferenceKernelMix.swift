import Foundation
import KMix
import KMixTestSupport
import Testing
@testable import KMix

/// Kernel-mix's classifier written out literally, in double precision, to check the packed engine
/// (`KernelMixClassifier`) against: token by token and head by head, each adapter exactly as
/// `kernel-mix.md` and `docs/plans.md` state it, every trainable tensor read by its documented
/// name. Evaluation mode (no dropout); clarity over speed. It calls no engine code that computes
/// attention or adapters: it reads the frozen weights, the plan's ranks and the store's names.
///
/// Per layer, with X the layer input, H heads of size dh and k_h head h's frozen key:
/// - q_h += X A_hᵀ B_hᵀ + b_h (heads with r_q(h) > 0), q += c_q X Aᵀ Bᵀ (shared);
/// - v_h += k_h A_hᵀ B_hᵀ + b_h, v += c_v X Aᵀ Bᵀ;
/// - a_h = softmax(q_h k_hᵀ / √dh) v_h;
/// - out = concat_h(a_h) W_oᵀ + b_o + concat_h(a_h A_hᵀ) Bᵀ + b + c_o concat_h(a_h) Aᵀ Bᵀ;
/// - h1 = LN(out + X), then LN(W₂ gelu(W₁ h1 + b₁) + b₂ + h1).
///
/// The shared factor c is `lora_alpha / s` when the plan sets `lora_alpha`, else 1.
struct ReferenceKernelMix {
    /// One layer's frozen weights.
    struct Layer {
        let query, key, value, attentionOutput: ReferenceMath.Linear
        let attentionNorm: ReferenceMath.Norm
        let intermediate, output: ReferenceMath.Linear
        let outputNorm: ReferenceMath.Norm
    }

    let plan: AdapterPlan
    /// The trainable tensors' names and shapes (their values are `evaluate`'s argument).
    let store: ParameterStore
    let headCount: Int
    let headSize: Int
    let words, positions, types: ReferenceMath.Matrix
    let embeddingNorm: ReferenceMath.Norm
    let layers: [Layer]
    /// The checkpoint's pooler (used by the `pooler` head when it does not train).
    let pooler: ReferenceMath.Linear?

    /// The reference for `adapters` on `encoder`'s frozen weights (a BERT encoder: token types and an embedding norm).
    init(encoder: Transformer, adapters: AdapterSet) throws {
        let c = encoder.configuration, w = encoder.weights, d = c.hiddenSize
        plan = adapters.plan
        store = adapters.store
        headCount = c.headCount
        headSize = c.headSize
        words = ReferenceMath.Matrix(w.wordEmbeddings)
        positions = ReferenceMath.Matrix(w.positionEmbeddings)
        types = ReferenceMath.Matrix(try #require(w.tokenTypeEmbeddings))
        let norm = try #require(w.embeddingNorm)
        embeddingNorm = ReferenceMath.Norm(gamma: norm.gamma, beta: norm.beta, epsilon: c.layerNormEpsilon)
        layers = w.layers.map { layer in
            // The query, key and value weights are stacked by rows (`3d x d`), their biases end to end.
            func part(_ index: Int) -> ReferenceMath.Linear {
                let weight = layer.qkvWeight.scalars[(index * d * d)..<((index + 1) * d * d)]
                let bias = layer.qkvBias.scalars[(index * d)..<((index + 1) * d)]
                return ReferenceMath.Linear(weight: Tensor(shape: [d, d], scalars: Array(weight)),
                                            bias: Tensor(shape: [d], scalars: Array(bias)))
            }
            return Layer(query: part(0), key: part(1), value: part(2),
                         attentionOutput: ReferenceMath.Linear(weight: layer.attentionOutputWeight, bias: layer.attentionOutputBias),
                         attentionNorm: ReferenceMath.Norm(gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta,
                                                           epsilon: c.layerNormEpsilon),
                         intermediate: ReferenceMath.Linear(weight: layer.intermediateWeight, bias: layer.intermediateBias),
                         output: ReferenceMath.Linear(weight: layer.outputWeight, bias: layer.outputBias),
                         outputNorm: ReferenceMath.Norm(gamma: layer.outputNormGamma, beta: layer.outputNormBeta,
                                                        epsilon: c.layerNormEpsilon))
        }
        pooler = w.poolerWeight.map { ReferenceMath.Linear(weight: $0, bias: w.poolerBias!) }
    }

    /// The logits of every sequence of `batch` and the mean cross-entropy against `labels`, with the
    /// trainable tensors at `values` (laid out like the store's values).
    func evaluate(_ values: [Double], batch: PackedBatch, labels: [Int]) -> (logits: [[Double]], loss: Double) {
        let parameters = Parameters(store: store, values: values)
        let logits = (0..<batch.count).map { sequence in
            let tokens = batch.offsets[sequence]..<(batch.offsets[sequence] + batch.lengths[sequence])
            var hidden = tokens.enumerated().map { position, token in
                embeddingNorm(ReferenceMath.add(ReferenceMath.add(words.row(Int(batch.tokenIDs[token])), positions.row(position)),
                                                types.row(Int(batch.typeIDs[token]))))
            }
            for index in layers.indices { hidden = layer(index, hidden, parameters) }
            return classify(hidden, parameters)
        }
        let loss = zip(logits, labels).reduce(0) { $0 + ReferenceMath.logSumExp($1.0) - $1.0[$1.1] } / Double(labels.count)
        return (logits, loss)
    }

    /// The loss's derivative along trainable scalar `index` at `values`, by the central difference
    /// `(L(x + h) − L(x − h)) / 2h` (truncation error O(h²), rounding O(10⁻¹⁶ / h)).
    func derivative(at values: [Double], index: Int, step h: Double, batch: PackedBatch, labels: [Int]) -> Double {
        var shifted = values
        shifted[index] = values[index] + h
        let above = evaluate(shifted, batch: batch, labels: labels).loss
        shifted[index] = values[index] - h
        let below = evaluate(shifted, batch: batch, labels: labels).loss
        return (above - below) / (2 * h)
    }

    /// Layer `index` on one sequence's hidden states `x` (one vector per token).
    private func layer(_ index: Int, _ x: [[Double]], _ p: Parameters) -> [[Double]] {
        let frozen = layers[index], budget = plan.layers[index], prefix = "layers.\(index)."
        let dh = headSize, tokens = x.indices
        var q = x.map { frozen.query($0) }, v = x.map { frozen.value($0) }
        let k = x.map { frozen.key($0) }
        func head(_ h: Int, of row: [Double]) -> [Double] { Array(row[(h * dh)..<((h + 1) * dh)]) }

        for (h, r) in budget.ranks(.query).enumerated() where r > 0 {
            let name = prefix + "q.heads.\(h).", a = p.matrix(name + "A"), b = p.matrix(name + "B")
            let bias = p.vector(name + "b")
            for t in tokens { addToHead(h, of: &q[t], ReferenceMath.add(b.times(a.times(x[t])), bias)) }
        }
        addShared(.query, index, input: x, to: &q, p)
        for (h, r) in budget.ranks(.value).enumerated() where r > 0 {
            let name = prefix + "v.heads.\(h).", a = p.matrix(name + "A"), b = p.matrix(name + "B")
            let bias = p.vector(name + "b")
            for t in tokens { addToHead(h, of: &v[t], ReferenceMath.add(b.times(a.times(head(h, of: k[t]))), bias)) }
        }
        addShared(.value, index, input: x, to: &v, p)

        // a_h(i) = Σ_j softmax_j(q_h(i) · k_h(j) / √dh) v_h(j); the context is the heads' outputs side by side.
        let headQueries = (0..<headCount).map { h in q.map { head(h, of: $0) } }
        let headKeys = (0..<headCount).map { h in k.map { head(h, of: $0) } }
        let headValues = (0..<headCount).map { h in v.map { head(h, of: $0) } }
        let context = tokens.map { i in
            (0..<headCount).flatMap { h in
                let weights = ReferenceMath.softmax(tokens.map { j in
                    ReferenceMath.dot(headQueries[h][i], headKeys[h][j]) / Double(dh).squareRoot()
                })
                return (0..<dh).map { c in tokens.reduce(0) { $0 + weights[$1] * headValues[h][$1][c] } }
            }
        }

        var out = context.map { frozen.attentionOutput($0) }
        let outputHeads = budget.ranks(.output).indices.filter { budget.ranks(.output)[$0] > 0 }
        if !outputHeads.isEmpty {
            let a = outputHeads.map { p.matrix(prefix + "o.heads.\($0).A") }
            let b = p.matrix(prefix + "o.B"), bias = p.vector(prefix + "o.b")
            for t in tokens {
                // The heads' low-rank activations side by side, in head order: the columns of B.
                let low = zip(outputHeads, a).flatMap { h, a in a.times(head(h, of: context[t])) }
                out[t] = ReferenceMath.add(out[t], ReferenceMath.add(b.times(low), bias))
            }
        }
        addShared(.output, index, input: context, to: &out, p)

        let h1 = tokens.map { frozen.attentionNorm(ReferenceMath.add(out[$0], x[$0])) }
        return h1.map { h in
            frozen.outputNorm(ReferenceMath.add(frozen.output(frozen.intermediate(h).map(ReferenceMath.gelu)), h))
        }
    }

    /// Adds `update` (dh values) to head `h`'s columns of `row`.
    private func addToHead(_ h: Int, of row: inout [Double], _ update: [Double]) {
        for i in 0..<headSize { row[h * headSize + i] += update[i] }
    }

    /// Adds layer `index`'s shared term of `projection`, `c · B A input`, to every token's `output`.
    private func addShared(_ projection: Projection, _ index: Int, input: [[Double]], to output: inout [[Double]],
                           _ p: Parameters) {
        let s = plan.layers[index].sharedRank(projection)
        guard s > 0 else { return }
        let name = "layers.\(index).\(projection.rawValue).shared.", a = p.matrix(name + "A"), b = p.matrix(name + "B")
        let factor = plan.loraAlpha.map { Double($0) / Double(s) } ?? 1
        for t in input.indices {
            output[t] = ReferenceMath.add(output[t], ReferenceMath.scale(b.times(a.times(input[t])), by: factor))
        }
    }

    /// The task head on one sequence's last hidden states: the class scores.
    private func classify(_ hidden: [[Double]], _ p: Parameters) -> [Double] {
        var features = hidden[0]
        switch plan.taskHead {
        case .cls:
            break
        case .last:
            features = hidden[hidden.count - 1]
        case .mean:
            features = ReferenceMath.scale(hidden.reduce([Double](repeating: 0, count: features.count), ReferenceMath.add),
                                           by: 1 / Double(hidden.count))
        case .pooler:
            let pooled = plan.trainPooler
                ? ReferenceMath.add(p.matrix("head.pooler.weight").times(features), p.vector("head.pooler.bias"))
                : pooler!(features)
            features = pooled.map(tanh)
        }
        return ReferenceMath.add(p.matrix("head.classifier.weight").times(features), p.vector("head.classifier.bias"))
    }
}
