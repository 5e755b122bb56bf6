/// The trainable state of a Kernel-mix model: every adapter tensor of a plan
/// and the task head, in one parameter store.
public struct AdapterSet: Sendable {
    /// Where the task head's tensors live in the store.
    struct HeadLayout: Sendable, Equatable {
        let classifierWeight: Range<Int>
        let classifierBias: Range<Int>
        let poolerWeight: Range<Int>?
        let poolerBias: Range<Int>?
    }

    /// The plan the adapters follow.
    public let plan: AdapterPlan
    /// Classes the task head predicts.
    public let labelCount: Int
    /// The tensors.
    public var store: ParameterStore
    let layouts: [LayerLayout]
    let head: HeadLayout

    /// Zero-filled adapters for `plan` and a `labelCount`-way classifier.
    /// With a trained pooler, `pooler` gives its starting weight and bias.
    public init(plan: AdapterPlan, labelCount: Int, pooler: (weight: Tensor, bias: Tensor)? = nil) {
        self.plan = plan
        self.labelCount = labelCount
        var store = ParameterStore()
        layouts = (0..<plan.shape.layerCount).map { LayerLayout(layer: $0, plan: plan, store: &store) }
        let d = plan.shape.hiddenSize
        let weight = store.append("head.classifier.weight", shape: [labelCount, d])
        let bias = store.append("head.classifier.bias", shape: [labelCount])
        var poolerWeight: Range<Int>?, poolerBias: Range<Int>?
        if plan.taskHead == .pooler && plan.trainPooler, let pooler {
            poolerWeight = store.append("head.pooler.weight", shape: [d, d])
            poolerBias = store.append("head.pooler.bias", shape: [d])
            store.values.replaceSubrange(poolerWeight!, with: pooler.weight.scalars)
            store.values.replaceSubrange(poolerBias!, with: pooler.bias.scalars)
        }
        head = HeadLayout(classifierWeight: weight, classifierBias: bias,
                          poolerWeight: poolerWeight, poolerBias: poolerBias)
        self.store = store
    }

    /// The lowest layer with an adapter (nil when none has one): no backward
    /// pass is needed below it.
    public var lowestAdaptedLayer: Int? { layouts.firstIndex { $0.isAdapted } }

    /// Trainable scalars: adapters and task head.
    public var parameterCount: Int { store.count }

    /// Draws every adapter tensor as the plan's initialisation says, and the
    /// classifier as Hugging Face does (normal, standard deviation 0.02; bias 0).
    public mutating func initialize(using generator: inout SeededGenerator) {
        for entry in store.entries {
            let isHead = entry.name.hasPrefix("head.")
            if isHead {
                if entry.name == "head.classifier.weight" {
                    for i in entry.range { store.values[i] = Float(generator.nextNormal() * 0.02) }
                } else if entry.name == "head.classifier.bias" {
                    for i in entry.range { store.values[i] = 0 }
                }
                continue
            }
            switch plan.initialization {
            case .houlsby:
                for i in entry.range {
                    store.values[i] = Float(generator.nextNormal().truncatingRemainder(dividingBy: 2) * 0.01)
                }
            case .lora:
                let isA = entry.name.hasSuffix(".A")
                let bound = isA ? 1 / Float(entry.shape[1]).squareRoot() : 0
                for i in entry.range {
                    store.values[i] = isA ? (2 * generator.nextUnitFloat() - 1) * bound : 0
                }
            }
        }
    }
}
