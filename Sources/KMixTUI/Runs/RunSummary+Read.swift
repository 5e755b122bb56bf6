import Foundation
import KMix

extension RunSummary {
    /// How long after its last write a run without a final save still counts as running.
    static let activeWindow: TimeInterval = 60

    /// What the files of the run folder `path` say, for a model of `shape`, at `now`. Files that are missing or
    /// cannot be read leave their columns empty; `metrics.jsonl` and the checkpoints decide the status.
    static func read(_ path: String, shape: AdapterPlan.ModelShape, now: Date) -> RunSummary {
        let folder = URL(fileURLWithPath: path, isDirectory: true)
        func file(_ name: String) -> URL { folder.appendingPathComponent(name) }
        let initialPlan = file("plan.initial.json")
        let planFile = FileManager.default.fileExists(atPath: initialPlan.path) ? initialPlan : file("plan.json")
        let plan = try? AdapterPlan.load(from: planFile, for: shape)
        let configuration = try? RunConfiguration.load(fromRun: folder)
        let log = (try? MetricsLog.read(file("metrics.jsonl"))) ?? MetricsLog()
        let total = totalSteps(configuration, log: log)
        let metricsWritten = modified(file("metrics.jsonl")), adaptersWritten = modified(file("adapters.safetensors"))
        let saved = log.step > 0 && (CheckpointFolder(runFolder: folder).steps().last == log.step
            || adaptersWritten.map { written in metricsWritten.map { written >= $0 } ?? false } ?? false)
        let lastWrite = [metricsWritten, modified(file("config.json"))].compactMap { $0 }.max()
        let status: RunStatus
        if saved {
            status = total.map { log.step < $0 } == true ? .stopped : .finished
        } else if let lastWrite, now.timeIntervalSince(lastWrite) < activeWindow {
            status = .running
        } else {
            status = log.step > 0 ? .failed : .incomplete
        }
        return RunSummary(path: path, name: folder.lastPathComponent, plan: plan.map(PlanName.describe) ?? "?",
                          parameters: plan?.adapterParameters.total, seed: configuration?.seed, step: log.step,
                          totalSteps: total, status: status, loss: log.loss, accuracy: log.accuracy,
                          perplexity: log.perplexity)
    }

    /// The run's length (`RunConfiguration.totalSteps(lastStep:epoch:)`) once it has a step; nil when not known.
    static func totalSteps(_ configuration: RunConfiguration?, log: MetricsLog) -> Int? {
        guard log.step > 0, log.epoch > 0 else { return nil }
        return configuration?.totalSteps(lastStep: log.step, epoch: log.epoch)
    }

    /// When the file at `url` was last written (nil: no such file).
    private static func modified(_ url: URL) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: url.path))?[.modificationDate] as? Date
    }
}
