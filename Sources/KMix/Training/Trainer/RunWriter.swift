import Foundation

/// Writes a run's history (`metrics.jsonl`, one JSON object per line, appended
/// and flushed as the run goes) and its adapters (`adapters.safetensors`,
/// replaced atomically) into the run folder.
final class RunWriter {
    let folder: URL
    private let metrics: FileHandle

    /// Opens `folder/metrics.jsonl` for appending, creating the folder and file when missing.
    /// When resuming at step `resumeStep`, lines about later steps (written after that
    /// checkpoint by the interrupted run) are removed first, atomically, so that the
    /// history records every step once.
    init(folder: URL, resumeStep: Int? = nil) throws {
        self.folder = folder
        let fileManager = FileManager.default
        let url = folder.appendingPathComponent("metrics.jsonl"), path = url.path
        do {
            try fileManager.createDirectory(at: folder, withIntermediateDirectories: true)
            if let resumeStep, fileManager.fileExists(atPath: path) {
                try Self.truncateHistory(at: url, after: resumeStep)
            }
            if !fileManager.fileExists(atPath: path) { _ = fileManager.createFile(atPath: path, contents: nil) }
            metrics = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            try metrics.seekToEnd()
        } catch {
            throw FileWriteError(path: path, reason: FileErrorReason.of(error))
        }
    }

    deinit { try? metrics.close() }

    /// Rewrites `url` without the lines whose `step` is greater than `step`, byte for byte otherwise: a line that
    /// is not JSON (or not UTF-8) is kept as it is.
    private static func truncateHistory(at url: URL, after step: Int) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        let kept = bytes.split(separator: UInt8(ascii: "\n")).filter { line in
            guard let lineStep = (try? JSONValue.parse(Array(line)))?["step"]?.intValue else { return true }
            return lineStep <= step
        }
        try AtomicFile.replace(url, with: kept.flatMap { Array($0) + [UInt8(ascii: "\n")] })
    }

    /// Appends the event's line, if it has one.
    func record(_ event: TrainingEvent) throws {
        guard let line = event.metricsLine else { return }
        do { try metrics.write(contentsOf: Data((line + "\n").utf8)) } catch {
            throw FileWriteError(path: folder.appendingPathComponent("metrics.jsonl").path,
                                 reason: FileErrorReason.of(error))
        }
    }

    /// Replaces `plan.json` with `plan` (a reallocation's), writing the run's first plan, `initial`, to
    /// `plan.initial.json` when it is not there yet; both to a temporary name, then renamed.
    func replacePlan(_ plan: AdapterPlan, initial: AdapterPlan) throws {
        let first = folder.appendingPathComponent("plan.initial.json")
        if !FileManager.default.fileExists(atPath: first.path) { try initial.write(to: first) }
        try plan.write(to: folder.appendingPathComponent("plan.json"))
    }

    /// Writes every adapter tensor and the task head to `adapters.safetensors`; returns its path.
    func saveAdapters(_ adapters: AdapterSet, step: Int) throws -> String {
        let url = folder.appendingPathComponent("adapters.safetensors")
        try adapters.safetensors(step: step).write(to: url)
        return url.path
    }
}

extension AdapterSet {
    /// The tensors of the store as a safetensors file, with the step and the plan in its metadata.
    func safetensors(step: Int) throws -> SafeTensorsWriter {
        var writer = SafeTensorsWriter(metadata: ["format": "kmix-adapters", "format_version": "1",
                                                  "step": "\(step)", "plan": plan.encoded(),
                                                  "labels": "\(labelCount)"])
        for entry in store.entries {
            try writer.add(entry.name, shape: entry.shape, floats: Array(store.values[entry.range]))
        }
        return writer
    }
}

extension TrainingEvent {
    /// The event as one line of `metrics.jsonl`, or nil for events that are not recorded there.
    var metricsLine: String? {
        switch self {
        case let .step(r):
            return "{\"event\": \"step\", \"step\": \(r.step), \"epoch\": \(r.epoch), \"loss\": \(r.loss), "
                + "\"lr\": \(r.learningRate), \"grad_norm\": \(r.gradientNorm), "
                + "\"sentences_per_second\": \(r.sentencesPerSecond), \"tokens_per_second\": \(r.tokensPerSecond), "
                + "\"elapsed\": \(r.elapsed), \"peak_rss_mib\": \(r.peakResidentMiB)}"
        case let .evaluation(r):
            return "{\"event\": \"eval\", \"step\": \(r.step), \"accuracy\": \(r.accuracy), \"loss\": \(r.loss), "
                + "\"examples\": \(r.examples)" + (r.majority.map { ", \"majority_accuracy\": \($0.accuracy)" } ?? "")
                + (r.perplexity.flatMap { $0.isFinite ? ", \"perplexity\": \($0)" : nil } ?? "") + "}"
        case let .samples(r):
            let samples = r.samples.map { sample in
                "{\"source\": \(JSONText.string(sample.source)), \"output\": \(JSONText.string(sample.output))}"
            }
            return "{\"event\": \"samples\", \"step\": \(r.step), \"samples\": [" + samples.joined(separator: ", ") + "]}"
        case let .headNorms(n):
            func rows(_ table: [[Float]]) -> String {
                "[" + table.map { "[" + $0.map { "\($0)" }.joined(separator: ", ") + "]" }.joined(separator: ", ") + "]"
            }
            return "{\"event\": \"head_norms\", \"step\": \(n.step), \"q\": \(rows(n.query)), \"v\": \(rows(n.value)), "
                + "\"o\": \(rows(n.output))}"
        case let .reallocated(r):
            func ranks(_ projection: Projection) -> String {
                "[" + r.plan.layers.map { "[" + $0.ranks(projection).map(String.init).joined(separator: ", ") + "]" }
                    .joined(separator: ", ") + "]"
            }
            return "{\"event\": \"reallocation\", \"step\": \(r.step), \"moved_ranks\": \(r.movedRanks), "
                + "\"q\": \(ranks(.query)), \"v\": \(ranks(.value)), \"o\": \(ranks(.output))}"
        default:
            return nil
        }
    }
}
