import Foundation
import KMix

extension ExperimentPoint {
    /// `kmix train`'s arguments for the point (`--out` and the checkpoint options left to the runner), relative paths
    /// taken in `folder`; an `auto:` plan is read from `autoFile`.
    func trainArguments(folder: URL, autoFile: URL) -> [String] {
        trainArguments(of: settings, folder: folder, autoFile: autoFile)
    }

    /// `kmix train`'s arguments for some of the point's settings (to find which of them a refusal is about).
    func trainArguments(of settings: [(setting: ExperimentSpec.Setting, value: TOMLLite.Value)], folder: URL,
                        autoFile: URL) -> [String] {
        let plan = settings.contains { $0.setting.name == "plan" } ? self.plan : nil
        return settings.flatMap { Self.arguments($0.setting, $0.value, folder: folder) }
            + (plan?.trainArguments(autoFile: autoFile) ?? [])
    }

    /// `kmix plan auto`'s arguments for the point's `auto:` plan (nil for another plan): the spec's keys, the run's
    /// data, model and threads, the `seed`, and `--out` the file the plan is written to.
    func autoArguments(folder: URL, seed: UInt64, out: URL) -> [String]? {
        guard let keys = plan?.autoArguments else { return nil }
        let inputs = settings.filter { $0.setting.name != "seed" && SpecOption.allocationInputs.contains($0.setting.name) }
        return keys + inputs.flatMap { Self.arguments($0.setting, $0.value, folder: folder) } + ["--seed=\(seed)", "--out=\(out.path)"]
    }

    /// Where the runner writes the point's `auto:` plan in the experiment's folder `out`: `plans/`, named after the
    /// plan and the grid values that change it (data, model, seed, threads), so that points that differ in nothing
    /// else share it.
    func autoFile(in out: URL) -> URL {
        var parts = nameParts.filter { $0.option == "plan" || SpecOption.allocationInputs.contains($0.option) }.map(\.text)
        if !nameParts.contains(where: { $0.option == "plan" }), let plan {
            parts.insert("plan-" + ExperimentSpec.sanitized(plan.label), at: 0)
        }
        return out.appendingPathComponent("plans", isDirectory: true).appendingPathComponent(parts.joined(separator: "_") + ".json")
    }

    /// The arguments of one setting: a flag given or not, `--name=value` for the others, with a path taken in
    /// `folder` (and a model when `folder` holds one by that name); the plan's come from `PlanChoice`.
    private static func arguments(_ setting: ExperimentSpec.Setting, _ value: TOMLLite.Value, folder: URL) -> [String] {
        let text = value.text
        switch setting.kind {
        case .plan:
            return []
        case .flag:
            return value == .boolean(true) ? ["--\(setting.name)"] : []
        case .path:
            return ["--\(setting.name)=\(URL(fileURLWithPath: text, relativeTo: folder).standardizedFileURL.path)"]
        case .model:
            let local = URL(fileURLWithPath: text, relativeTo: folder).standardizedFileURL.path
            return ["--\(setting.name)=\(FileManager.default.fileExists(atPath: local) ? local : text)"]
        case .text, .integer, .number:
            return ["--\(setting.name)=\(text)"]
        }
    }
}
