import Foundation
import KMix

/// A finished or interrupted run read from its folder: its plan, its history and its adapter norms.
public struct OpenedRun: Sendable, Equatable {
    /// The run folder as given.
    public let folder: String
    /// The plan the run trained (`plan.json`).
    public let plan: AdapterPlan
    /// Its curves (`metrics.jsonl`; empty when the run has none).
    public let history: MetricsLog
    /// The latest per-head adapter norms, layers × heads: the last `head_norms` line, else computed from
    /// `adapters.safetensors` (nil when the run has neither).
    public let norms: [[Float]]?
    /// Whether the run trained a decoder to write targets (its `config.json` names source and target columns, or
    /// its history has perplexities or samples).
    public var isGeneration = false

    /// Reads the run in `path` for a model of `shape`; `model` is the model folder used to read the adapters
    /// when `metrics.jsonl` has no norms.
    /// - Throws: an error that names the file and what is wrong with it.
    public static func load(_ path: String, shape: AdapterPlan.ModelShape, model: String?) throws -> OpenedRun {
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            throw OpenRunError("\(path) is not a folder")
        }
        let planURL = folder.appendingPathComponent("plan.json")
        guard FileManager.default.fileExists(atPath: planURL.path) else {
            throw TrainedRun.LoadError.missingFile(folder: path, file: "plan.json")
        }
        let plan = try AdapterPlan.load(from: planURL, for: shape)
        let metricsURL = folder.appendingPathComponent("metrics.jsonl")
        let history = FileManager.default.fileExists(atPath: metricsURL.path) ? try MetricsLog.read(metricsURL) : MetricsLog()
        var norms = history.norms.last
        if norms == nil, FileManager.default.fileExists(atPath: folder.appendingPathComponent("adapters.safetensors").path) {
            norms = try TrainedRun.load(folder, model: model).adapters.headNorms(step: history.step).total
        }
        if history.loss.isEmpty, norms == nil {
            throw OpenRunError("\(path) has neither metrics.jsonl nor adapters.safetensors: is it a kmix run?")
        }
        let configuration = try? RunConfiguration.load(fromRun: folder)
        let isGeneration = configuration?.isGeneration == true || !history.perplexity.isEmpty || history.samples != nil
        return OpenedRun(folder: path, plan: plan, history: history, norms: norms, isGeneration: isGeneration)
    }
}

/// Why a folder cannot be opened as a run.
public struct OpenRunError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
