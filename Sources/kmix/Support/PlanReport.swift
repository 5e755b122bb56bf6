import Foundation
import KMix

/// The human-readable parameter report of a plan.
struct PlanReport {
    let plan: AdapterPlan
    let model: PretrainedModel

    var text: String {
        let total = plan.adapterParameters, modelSize = ModelSummary(model).total
        let head = plan.taskHeadParameters(labelCount: 2)
        var lines = [
            "adapters      \(total.total.grouped) parameters (\(percent(total.total, of: modelSize)) of the model's "
                + "\(modelSize.grouped)): Q \(total.query.grouped), V \(total.value.grouped), O \(total.output.grouped)",
            "task head     \(head.grouped) parameters for 2 labels (\(plan.taskHead.rawValue) head"
                + (plan.trainPooler ? ", pooler trained)" : ")"),
            "settings      init \(plan.initialization.rawValue), adapter dropout \(plan.dropout)"
                + (plan.loraAlpha.map { ", lora_alpha \($0.formatted()) (shared terms scaled by alpha / rank)" } ?? ""),
            "",
            "layer  shared q/v/o   per-head ranks q | v | o                                     parameters",
        ]
        for (index, layer) in plan.layers.enumerated() {
            let shared = Projection.allCases.map { String(layer.sharedRank($0)) }.joined(separator: "/")
            let ranks = Projection.allCases.map { projection in
                let values = layer.ranks(projection)
                return values.map(String.init).joined(separator: values.contains { $0 >= 10 } ? "," : "")
            }.joined(separator: " | ")
            lines.append("L\(index)".padding(7) + shared.padding(15) + ranks.padding(62)
                         + plan.layerParameters(index).total.grouped)
        }
        return lines.joined(separator: "\n")
    }

    private func percent(_ part: Int, of whole: Int) -> String {
        String(format: "%.2f %%", 100 * Double(part) / Double(max(1, whole)))
    }
}

extension String {
    /// The string padded with spaces to `width` characters.
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }

    /// The string right-aligned in `width` characters.
    func rightAligned(_ width: Int) -> String {
        String(repeating: " ", count: Swift.max(0, width - count)) + self
    }
}
