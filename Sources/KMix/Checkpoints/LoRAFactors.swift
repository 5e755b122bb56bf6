/// One projection's adapter written as LoRA: `y += x Aᵀ Bᵀ + bias`, with A `rank x d`,
/// B `d x rank` and bias `d` (row-major, Hugging Face's `out x in` for B). `LoRAModuleFactors` puts a module's
/// projections together (GPT-2's `c_attn` holds Q's and V's).
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
        LoRAModuleFactors(rank: rank, inputWidth: width, outputWidth: width, a: a, b: b, bias: bias).product()
    }
}

extension AdapterSet {
    /// Every adapter of layer `index` as exact LoRA factors on its projection, for the frozen `weights`, read off the
    /// layer's `ProjectionLayout`s: A = `down`, B = `upᵀ` (the shared columns scaled by the plan's `sharedScale`),
    /// bias = `bias`. The per-head value adapter reads the frozen key k = X W_kᵀ + b_k rather than the module's
    /// input X, so its rows of A become `down · W_k` and b_k passes through them into the bias
    /// (`docs/kernel-mix.md`, Merging). Projections without an adapter are nil.
    public func loraFactors(layer index: Int, weights: ModelWeights) -> PerProjection<LoRAFactors?> {
        let values = store.values, key = weights.layers[index]
        return layouts[index].projections.map { layout -> LoRAFactors? in
            guard layout.isAdapted else { return nil }
            let d = layout.width, rank = layout.rank
            var down = [Double](repeating: 0, count: rank * d), b = [Float](repeating: 0, count: d * rank)
            var bias = [Double](repeating: 0, count: d)
            layout.forEachEntry { entry in
                let value = values[entry.source]
                switch entry.matrix {
                case .down: down[entry.row * d + entry.column] = Double(value)
                case .up: b[entry.column * rank + entry.row] = entry.isShared ? value * layout.sharedScale : value
                case .bias: bias[entry.column] = Double(value)
                }
            }
            let readsKey = layout.projection == .value
            var a = [Float](repeating: 0, count: rank * d)
            for row in 0..<rank {
                let input = down[(row * d)..<((row + 1) * d)]
                guard readsKey && row < layout.kernelRank else {
                    for column in 0..<d { a[row * d + column] = Float(input[row * d + column]) }
                    continue
                }
                var merged = [Double](repeating: 0, count: d), throughBias = 0.0
                for (j, factor) in zip(0..<d, input) where factor != 0 {
                    let keyRow = (d + j) * d
                    for column in 0..<d { merged[column] += factor * Double(key.qkvWeight.scalars[keyRow + column]) }
                    throughBias += factor * Double(key.qkvBias.scalars[d + j])
                }
                for column in 0..<d {
                    a[row * d + column] = Float(merged[column])
                    bias[column] += Double(b[column * rank + row]) * throughBias
                }
            }
            return LoRAFactors(rank: rank, width: d, a: a, b: b, bias: bias.map { Float($0) })
        }
    }
}
