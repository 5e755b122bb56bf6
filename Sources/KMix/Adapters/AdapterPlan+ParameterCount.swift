/// Trainable parameters, split by projection.
public typealias ParameterCount = PerProjection<Int>

extension PerProjection where Value == Int {
    /// No parameters.
    public init() {
        self.init(query: 0, value: 0, output: 0)
    }

    /// All three.
    public var total: Int { query + value + output }

    static func + (a: Self, b: Self) -> Self {
        Self(query: a.query + b.query, value: a.value + b.value, output: a.output + b.output)
    }
}

extension AdapterPlan {
    /// Parameters that belong to one head: its own A, B and bias on each
    /// projection, and for O the columns of the layer's B that read it.
    public func headParameters(layer: Int, head: Int) -> ParameterCount {
        let d = shape.hiddenSize, dh = shape.headSize
        let budget = layers[layer]
        let rq = budget.ranks(.query)[head], rv = budget.ranks(.value)[head], ro = budget.ranks(.output)[head]
        return ParameterCount(
            query: rq * (d + dh) + (rq > 0 ? dh : 0),
            value: 2 * rv * dh + (rv > 0 ? dh : 0),
            output: ro * dh + d * ro)
    }

    /// Parameters of one layer: its heads, the output bias, and the shared updates.
    public func layerParameters(_ layer: Int) -> ParameterCount {
        let d = shape.hiddenSize
        let budget = layers[layer]
        var count = (0..<shape.headCount).reduce(ParameterCount()) { $0 + headParameters(layer: layer, head: $1) }
        if budget.ranks(.output).reduce(0, +) > 0 { count.output += d }
        for projection in Projection.allCases { count[projection] += 2 * d * budget.sharedRank(projection) }
        return count
    }

    /// Adapter parameters of the whole model (the formula of `kernel-mix.md`).
    public var adapterParameters: ParameterCount {
        (0..<layers.count).reduce(ParameterCount()) { $0 + layerParameters($1) }
    }

    /// Parameters of the task head for `labelCount` classes: the classifier,
    /// and the pooler when it trains.
    public func taskHeadParameters(labelCount: Int) -> Int {
        let d = shape.hiddenSize
        return d * labelCount + labelCount + (taskHead == .pooler && trainPooler ? d * d + d : 0)
    }
}
