/// One module's adapter written as LoRA: `y += x Aᵀ Bᵀ + bias`, with A `rank x d`,
/// B `d x rank` and bias `d` (row-major, Hugging Face's `out x in` for B).
public struct LoRAFactors: Sendable, Equatable {
    /// The rank R.
    public let rank: Int
    /// Input width (rows of A have this many columns) and output width (rows of B).
    public let width: Int
    /// `rank x width`.
    public var a: [Float]
    /// `width x rank`.
    public var b: [Float]
    /// `width`.
    public var bias: [Float]

    /// `B A` (`width x width`, `out x in`), accumulated in double precision.
    public func product() -> [Float] {
        var result = [Float](repeating: 0, count: width * width)
        for row in 0..<width {
            var sums = [Double](repeating: 0, count: width)
            for k in 0..<rank {
                let factor = Double(b[row * rank + k])
                if factor == 0 { continue }
                for column in 0..<width { sums[column] += factor * Double(a[k * width + column]) }
            }
            for column in 0..<width { result[row * width + column] = Float(sums[column]) }
        }
        return result
    }
}

extension AdapterSet {
    /// The Hugging Face module an adapted projection belongs to.
    public static func moduleName(layer: Int, projection: Projection) -> String {
        let suffix: String
        switch projection {
        case .query: suffix = "attention.self.query"
        case .value: suffix = "attention.self.value"
        case .output: suffix = "attention.output.dense"
        }
        return "bert.encoder.layer.\(layer).\(suffix)"
    }

    /// Every adapter of layer `layer` as exact LoRA factors on its module, for
    /// the frozen `weights` (the value adapter reads the key, so its A is
    /// `A_h Wk^h` and the key bias goes into its bias). Projections without an
    /// adapter are absent.
    public func loraFactors(layer index: Int, weights: BertWeights) -> [Projection: LoRAFactors] {
        let d = plan.shape.hiddenSize, dh = plan.shape.headSize, heads = plan.shape.headCount
        let budget = plan.layers[index]
        let values = store.values
        func tensor(_ name: String) -> ArraySlice<Float> { values[store.entry(name)!.range] }
        let layerWeights = weights.layers[index]
        var result: [Projection: LoRAFactors] = [:]
        for projection in Projection.allCases {
            let ranks = budget.ranks(projection), shared = budget.sharedRank(projection)
            let total = ranks.reduce(0, +), rank = total + shared
            guard rank > 0 else { continue }
            let p = "layers.\(index).\(projection.rawValue)"
            var factors = LoRAFactors(rank: rank, width: d, a: [Float](repeating: 0, count: rank * d),
                                      b: [Float](repeating: 0, count: d * rank), bias: [Float](repeating: 0, count: d))
            var offset = 0
            for head in 0..<heads where ranks[head] > 0 {
                let r = ranks[head]
                let a = Array(tensor("\(p).heads.\(head).A"))
                switch projection {
                case .query:
                    factors.a.replaceSubrange(offset * d..<(offset + r) * d, with: a)
                case .value:
                    // Row i of A_h · Wk^h, where Wk^h is the key weight's rows of head h (dh x d).
                    for i in 0..<r {
                        for column in 0..<d {
                            var sum = 0.0
                            for j in 0..<dh {
                                sum += Double(a[i * dh + j]) * Double(layerWeights.qkvWeight.scalars[(d + head * dh + j) * d + column])
                            }
                            factors.a[(offset + i) * d + column] = Float(sum)
                        }
                    }
                case .output:
                    for i in 0..<r {
                        for j in 0..<dh { factors.a[(offset + i) * d + head * dh + j] = a[i * dh + j] }
                    }
                }
                if projection != .output {
                    let b = Array(tensor("\(p).heads.\(head).B")), bias = Array(tensor("\(p).heads.\(head).b"))
                    for row in 0..<dh {
                        for k in 0..<r { factors.b[(head * dh + row) * rank + offset + k] = b[row * r + k] }
                        var constant = Double(bias[row])
                        if projection == .value {
                            // B_h A_h bk^h: the key bias passed through the value adapter.
                            for k in 0..<r {
                                var low = 0.0
                                for j in 0..<dh { low += Double(a[k * dh + j]) * Double(layerWeights.qkvBias.scalars[d + head * dh + j]) }
                                constant += Double(b[row * r + k]) * low
                            }
                        }
                        factors.bias[head * dh + row] = Float(constant)
                    }
                }
                offset += r
            }
            if projection == .output && total > 0 {
                let b = Array(tensor("\(p).B"))
                for row in 0..<d {
                    for k in 0..<total { factors.b[row * rank + k] = b[row * total + k] }
                }
                factors.bias = Array(tensor("\(p).b"))
            }
            if shared > 0 {
                factors.a.replaceSubrange(total * d..<rank * d, with: tensor("\(p).shared.A"))
                let b = Array(tensor("\(p).shared.B")), scale = plan.sharedScale(rank: shared)
                for row in 0..<d {
                    for k in 0..<shared { factors.b[row * rank + total + k] = b[row * shared + k] * scale }
                }
            }
            result[projection] = factors
        }
        return result
    }
}
