import Foundation
import KMix

/// The first lines `kmix watch` prints about a run: its model, task, plan and length, from its `config.json` and
/// plan.
enum RunHeader {
    /// The plan the run started with (`RunFollow.startingPlan`), read for the model its configuration names (a folder,
    /// or an id in kmix's or the Hugging Face cache); nil when either cannot be read here (the model folder may be on
    /// the machine that trains).
    static func plan(in folder: URL, model: String) -> AdapterPlan? {
        guard let modelFolder = try? ModelLocator().locate(model) else { return nil }
        let modelConfiguration = modelFolder.appendingPathComponent("config.json")
        guard let configuration = try? ModelConfiguration.load(from: modelConfiguration) else { return nil }
        return RunFollow.startingPlan(in: folder, shape: AdapterPlan.ModelShape(configuration))
    }

    /// The header of the run `run` with `configuration` and `plan`.
    static func text(run: String, configuration: RunConfiguration, plan: AdapterPlan?) -> String {
        let data = "train \(configuration.trainFile)" + (configuration.devFile.map { ", dev \($0)" } ?? ", no dev set")
        let planLine = plan.map { plan in
            let count = plan.adapterParameters
            return "\(count.total.grouped) adapter parameters (Q \(count.query.grouped), V \(count.value.grouped), "
                + "O \(count.output.grouped)), \(plan.taskHead.rawValue) head"
        } ?? "plan.json (its model's folder is not readable here: no parameter count)"
        let length = configuration.maxSteps.map { "\($0) steps (max_steps), batch \(configuration.batchSize)" }
            ?? "\(configuration.epochs) epoch(s) at batch \(configuration.batchSize) (the steps: from the first step line)"
        // kmix writes its version ("0.9.0"); another trainer of the format names itself ("kmix_torch 0.1.0").
        let writer = configuration.kmixVersion.hasPrefix("kmix") ? configuration.kmixVersion : "kmix \(configuration.kmixVersion)"
        return [
            "run     \(run) (\(writer), seed \(configuration.seed))",
            "model   \(configuration.model)",
            "task    \(configuration.task ?? "custom"): \(data)",
            "plan    \(planLine)",
            "length  \(length)",
        ].joined(separator: "\n")
    }
}
