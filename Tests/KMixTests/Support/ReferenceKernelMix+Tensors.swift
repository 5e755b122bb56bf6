import KMixTestSupport
@testable import KMix

extension ReferenceKernelMix {
    /// Every trainable tensor a plan has according to `docs/plans.md` ("Tensor names"), with its shape:
    /// for each layer and projection, a head of rank r > 0 has `A` (`r x d` for q, `r x dh` for v and o)
    /// and, for q and v, `B` (`dh x r`) and `b` (`dh`); the layer's O adapters have one `B`
    /// (`d x Σ_h r_o(h)`) and `b` (`d`); a shared rank s > 0 has `shared.A` (`s x d`) and `shared.B`
    /// (`d x s`). Then the classifier, and the pooler when it trains.
    static func documentedTensors(plan: AdapterPlan, labelCount: Int) -> [String: [Int]] {
        let d = plan.shape.hiddenSize, dh = plan.shape.headSize
        var tensors: [String: [Int]] = [:]
        for (l, budget) in plan.layers.enumerated() {
            for projection in Projection.allCases {
                let prefix = "layers.\(l).\(projection.rawValue)."
                for (h, r) in budget.ranks(projection).enumerated() where r > 0 {
                    tensors[prefix + "heads.\(h).A"] = [r, projection == .query ? d : dh]
                    if projection != .output {
                        tensors[prefix + "heads.\(h).B"] = [dh, r]
                        tensors[prefix + "heads.\(h).b"] = [dh]
                    }
                }
                let rankSum = budget.ranks(projection).reduce(0, +)
                if projection == .output && rankSum > 0 {
                    tensors[prefix + "B"] = [d, rankSum]
                    tensors[prefix + "b"] = [d]
                }
                let s = budget.sharedRank(projection)
                if s > 0 {
                    tensors[prefix + "shared.A"] = [s, d]
                    tensors[prefix + "shared.B"] = [d, s]
                }
            }
        }
        tensors["head.classifier.weight"] = [labelCount, d]
        tensors["head.classifier.bias"] = [labelCount]
        if plan.taskHead == .pooler && plan.trainPooler {
            tensors["head.pooler.weight"] = [d, d]
            tensors["head.pooler.bias"] = [d]
        }
        return tensors
    }

    /// The trainable tensors at one point: names and shapes from the parameter store, values
    /// (laid out like the store's) in double precision.
    struct Parameters {
        let store: ParameterStore
        let values: [Double]

        /// The matrix called `name`, which has two dimensions.
        func matrix(_ name: String) -> ReferenceMath.Matrix {
            let entry = self.entry(name)
            precondition(entry.shape.count == 2, "\(name) has shape \(entry.shape), not a matrix's")
            return ReferenceMath.Matrix(rows: entry.shape[0], columns: entry.shape[1], values: Array(values[entry.range]))
        }

        /// The vector called `name`.
        func vector(_ name: String) -> [Double] {
            let entry = self.entry(name)
            precondition(entry.shape.count == 1, "\(name) has shape \(entry.shape), not a vector's")
            return Array(values[entry.range])
        }

        private func entry(_ name: String) -> ParameterStore.Entry {
            guard let entry = store.entry(name) else { preconditionFailure("the store has no tensor \(name)") }
            return entry
        }
    }
}
