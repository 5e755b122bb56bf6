extension AdapterSet {
    /// The L2 norm of each head's own tensors: its A, B and bias for Q and V,
    /// and for O its A and the columns of the layer's B that read it.
    public func headNorms(step: Int) -> HeadNorms {
        let values = store.values, d = plan.shape.hiddenSize
        func squares(_ range: Range<Int>?) -> Float {
            guard let range else { return 0 }
            return values[range].reduce(0) { $0 + $1 * $1 }
        }
        var norms: [Projection: [[Float]]] = [:]
        for projection in Projection.allCases {
            norms[projection] = layouts.map { layout in
                let ranks = layout.ranks[projection]!, offsets = layout.rankOffsets[projection]!
                let stacked = layout.stackedA[projection]!
                let width = projection == .query ? d : plan.shape.headSize
                return ranks.indices.map { head in
                    let r = ranks[head]
                    guard r > 0 else { return 0 }
                    let aStart = stacked.lowerBound + offsets[head] * width
                    var total = squares(aStart..<(aStart + r * width))
                    if projection == .output, let b = layout.outputB {
                        let columns = layout.totalRank[.output]!
                        for row in 0..<d {
                            for column in offsets[head]..<(offsets[head] + r) {
                                let value = values[b.lowerBound + row * columns + column]
                                total += value * value
                            }
                        }
                    } else if projection != .output {
                        total += squares(layout.headB[projection]![head]) + squares(layout.headBias[projection]![head])
                    }
                    return total.squareRoot()
                }
            }
        }
        return HeadNorms(step: step, query: norms[.query]!, value: norms[.value]!, output: norms[.output]!)
    }
}
