extension AdapterPlan {
    /// The named starting points for a plan.
    public enum Preset: Sendable, Equatable {
        /// The paper's NLU runs: r_q 1, r_v = r_o 2, shared q 2, v = o 4.
        case paperNLU
        /// The paper's NLG runs: r_q 3, r_v = r_o 8, shared q 12, v = o 8.
        case paperNLG
        /// Plain LoRA on Q and V, shared rank `rank`, LoRA initialisation (what PEFT does).
        case lora(rank: Int)
        /// Plain LoRA on Q, V and O, shared rank `rank`, LoRA initialisation.
        case loraQVO(rank: Int)
        /// Every head rank `rank` on Q, V and O; no shared updates.
        case uniform(rank: Int)
        /// No adapters: only the task head trains.
        case none

        /// The names accepted on the command line.
        public static let names = ["paper-nlu", "paper-nlg", "lora-r8", "lora-rN", "lora-qvo-rN", "uniform-N", "none"]

        /// The preset called `name` (`paper-nlu`, `paper-nlg`, `lora-r8`, `lora-rN`, `uniform-N`, `none`).
        public init?(name: String) {
            switch name {
            case "paper-nlu": self = .paperNLU
            case "paper-nlg": self = .paperNLG
            case "none": self = .none
            default:
                if name.hasPrefix("lora-r"), let rank = Int(name.dropFirst(6)), rank > 0 {
                    self = .lora(rank: rank)
                } else if name.hasPrefix("lora-qvo-r"), let rank = Int(name.dropFirst(10)), rank > 0 {
                    self = .loraQVO(rank: rank)
                } else if name.hasPrefix("uniform-"), let rank = Int(name.dropFirst(8)), rank >= 0 {
                    self = .uniform(rank: rank)
                } else {
                    return nil
                }
            }
        }

        /// The plan this preset gives for a model of `shape`.
        /// - Throws: `PlanError.presetDoesNotFit` when a rank is larger than the model allows (`firstRankViolation()`).
        public func plan(for shape: ModelShape) throws(PlanError) -> AdapterPlan {
            let plan = AdapterPlan(preset: self, shape: shape)
            if let violation = plan.firstRankViolation() { throw .presetDoesNotFit(preset: name, violation: violation) }
            return plan
        }

        /// The preset's name.
        public var name: String {
            switch self {
            case .paperNLU: return "paper-nlu"
            case .paperNLG: return "paper-nlg"
            case let .lora(rank): return "lora-r\(rank)"
            case let .loraQVO(rank): return "lora-qvo-r\(rank)"
            case let .uniform(rank): return "uniform-\(rank)"
            case .none: return "none"
            }
        }
    }

    /// The plan `preset` gives for a model of `shape`, unchecked: `Preset.plan(for:)` refuses a preset whose ranks
    /// the model does not allow.
    public init(preset: Preset, shape: ModelShape) {
        let perHead: (Projection) -> Int
        let shared: (Projection) -> Int
        var initialization = Initialization.houlsby
        switch preset {
        case .paperNLU:
            perHead = { $0 == .query ? 1 : 2 }
            shared = { $0 == .query ? 2 : 4 }
        case .paperNLG:
            perHead = { $0 == .query ? 3 : 8 }
            shared = { $0 == .query ? 12 : 8 }
        case let .lora(rank):
            perHead = { _ in 0 }
            shared = { $0 == .output ? 0 : rank }
            initialization = .lora
        case let .loraQVO(rank):
            perHead = { _ in 0 }
            shared = { _ in rank }
            initialization = .lora
        case let .uniform(rank):
            perHead = { _ in rank }
            shared = { _ in 0 }
        case .none:
            perHead = { _ in 0 }
            shared = { _ in 0 }
        }
        let layer = LayerBudget(headCount: shape.headCount, rank: perHead, shared: shared)
        self.init(shape: shape, layers: Array(repeating: layer, count: shape.layerCount),
                  initialization: initialization)
    }
}
