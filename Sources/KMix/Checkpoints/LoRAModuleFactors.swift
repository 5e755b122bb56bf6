/// One Hugging Face module's LoRA, `y += x Aᵀ Bᵀ + bias`: A `rank x inputWidth`, B `outputWidth x rank`, bias
/// `outputWidth` (row-major, PEFT's `lora_A.weight`, `lora_B.weight`, `lora_B.bias` for a `Linear` and, with
/// `fan_in_fan_out`, for GPT-2's `Conv1D` alike).
struct LoRAModuleFactors: Sendable, Equatable {
    let rank: Int
    let inputWidth: Int
    let outputWidth: Int
    var a: [Float]
    var b: [Float]
    var bias: [Float]

    /// Factors as stored.
    init(rank: Int, inputWidth: Int, outputWidth: Int, a: [Float], b: [Float], bias: [Float]) {
        self.rank = rank
        self.inputWidth = inputWidth
        self.outputWidth = outputWidth
        self.a = a
        self.b = b
        self.bias = bias
    }

    /// The factors of `module` from its projections' factors: the parts' A stacked in the module's part order, each
    /// part's B in the part's rows and its own columns (zero elsewhere, e.g. on GPT-2's key rows), each part's bias
    /// in its rows. Nil when none of the module's projections is adapted.
    init?(_ module: HuggingFaceNames.Module, factors: PerProjection<LoRAFactors?>) {
        let parts = module.parts.compactMap { part in factors[part.projection].map { (factors: $0, row: part.row) } }
        guard let first = parts.first else { return nil }
        let d = first.factors.width, rank = parts.reduce(0) { $0 + $1.factors.rank }
        var a: [Float] = [], b = [Float](repeating: 0, count: module.outputWidth * rank)
        var bias = [Float](repeating: 0, count: module.outputWidth), column = 0
        for part in parts {
            let lora = part.factors
            a += lora.a
            for row in 0..<d {
                for k in 0..<lora.rank { b[(part.row + row) * rank + column + k] = lora.b[row * lora.rank + k] }
                bias[part.row + row] = lora.bias[row]
            }
            column += lora.rank
        }
        self.init(rank: rank, inputWidth: d, outputWidth: module.outputWidth, a: a, b: b, bias: bias)
    }

    /// `B A` (`outputWidth x inputWidth`), accumulated in double precision.
    func product() -> [Float] {
        var result = [Float](repeating: 0, count: outputWidth * inputWidth)
        for row in 0..<outputWidth {
            var sums = [Double](repeating: 0, count: inputWidth)
            for k in 0..<rank {
                let factor = Double(b[row * rank + k])
                if factor == 0 { continue }
                for column in 0..<inputWidth { sums[column] += factor * Double(a[k * inputWidth + column]) }
            }
            for column in 0..<inputWidth { result[row * inputWidth + column] = Float(sums[column]) }
        }
        return result
    }
}

extension ModelWeights {
    /// Adds `scaling · (B A)` and `scaling · bias` to the rows of layer `index`'s frozen matrix that `module` computes.
    mutating func add(_ factors: LoRAModuleFactors, scaling: Float, layer index: Int, module: HuggingFaceNames.Module) {
        let delta = factors.product(), d = factors.inputWidth, first = module.firstRow
        func add(weight: inout Tensor, bias: inout Tensor) {
            for i in delta.indices { weight.scalars[first * d + i] += scaling * delta[i] }
            for i in 0..<factors.outputWidth { bias.scalars[first + i] += scaling * factors.bias[i] }
        }
        var layer = layers[index]
        switch module.matrix {
        case .queryKeyValue: add(weight: &layer.qkvWeight, bias: &layer.qkvBias)
        case .attentionOutput: add(weight: &layer.attentionOutputWeight, bias: &layer.attentionOutputBias)
        }
        layers[index] = layer
    }
}
