import KMix

/// Short names for plans, for the runs table and allocation provenance.
public enum PlanName {
    /// The name of the preset `plan` is (its ranks and settings, whatever its description and task head: a
    /// decoder's presets read its last token), or nil.
    public static func preset(of plan: AdapterPlan) -> String? {
        let first = plan.layers.first
        let sharedRank = first?.sharedRank(.query) ?? 0, headRank = first?.ranks(.query).first ?? 0
        let candidates: [AdapterPlan.Preset] = [.paperNLU, .paperNLG, .none, .lora(rank: sharedRank),
                                                .loraQVO(rank: sharedRank), .uniform(rank: headRank)]
        let identity = plan.identityHash
        return candidates.first { preset in
            var candidate = AdapterPlan(preset: preset, shape: plan.shape)
            candidate.taskHead = plan.taskHead
            return candidate.identityHash == identity
        }?.name
    }

    /// How the runs table names `plan`: "auto importance" for an allocated plan, the preset it is, its description,
    /// else "custom".
    public static func describe(_ plan: AdapterPlan) -> String {
        if let provenance = plan.provenance { return "auto \(provenance.signal)" }
        return preset(of: plan) ?? plan.description ?? "custom"
    }
}
