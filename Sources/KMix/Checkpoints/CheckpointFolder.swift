import Foundation

/// The checkpoints of a run folder, under `RUN_DIR/checkpoints/step-N/`.
///
/// A checkpoint is written into a hidden temporary folder (every file synced
/// to disk), which is then renamed to `step-N` and the parent folder synced:
/// a `step-N` folder is complete or absent. Checkpoints are removed the same
/// way in reverse (renamed to a hidden name, then deleted), so a crash never
/// leaves a partial `step-N`.
///
/// With a run identity, only checkpoints whose `trainer_state.json` carries it are the run's: another run's
/// checkpoints, or a `step-N` copied in by hand, are neither resumed from nor pruned.
public struct CheckpointFolder: Sendable {
    /// `RUN_DIR/checkpoints`.
    public let url: URL
    /// The run whose checkpoints these are (nil: a run made before runs had an identity; every checkpoint counts).
    public let runID: String?

    /// The checkpoints of the run in `runFolder` whose identity is `runID`.
    public init(runFolder: URL, runID: String? = nil) {
        url = runFolder.appendingPathComponent("checkpoints", isDirectory: true)
        self.runID = runID
    }

    /// The folder of the checkpoint at `step`.
    public func folder(step: Int) -> URL { url.appendingPathComponent("step-\(step)", isDirectory: true) }

    /// Steps of the run's complete checkpoints, oldest first: folders named exactly `step-N` (not `step-09`) that,
    /// for a run with an identity, carry it.
    public func steps() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        let steps = names.compactMap { name -> Int? in
            guard name.hasPrefix("step-"), let step = Int(name.dropFirst(5)), step >= 0, name == "step-\(step)" else { return nil }
            return step
        }
        return steps.filter { runID == nil || Self.runID(in: folder(step: $0)) == runID }.sorted()
    }

    /// Writes `checkpoint` as `step-N` atomically; returns its folder. An
    /// existing `step-N` (the same step saved twice) is left as it is.
    @discardableResult
    public func write(_ checkpoint: Checkpoint) throws -> URL {
        let target = folder(step: checkpoint.step)
        let fileManager = FileManager.default
        if fileManager.fileExists(atPath: target.path) { return target }
        let temporary = url.appendingPathComponent(".step-\(checkpoint.step).\(UUID().uuidString).tmp", isDirectory: true)
        do {
            try fileManager.createDirectory(at: temporary, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: temporary.path, reason: "creating the folder: \(FileErrorReason.of(error))")
        }
        do {
            let files = try checkpoint.files()
            for name in Checkpoint.File.all {
                try AtomicFile.replace(temporary.appendingPathComponent(name), with: files[name]!)
            }
            guard rename(temporary.path, target.path) == 0 else {
                throw FileWriteError(path: target.path, reason: "renaming the temporary folder: \(MappedFile.message(errno))")
            }
        } catch {
            try? fileManager.removeItem(at: temporary)
            throw error
        }
        AtomicFile.syncFolder(url.path)
        return target
    }

    /// Removes the checkpoint at `step`: renamed to a hidden name first, so it vanishes at once.
    public func remove(step: Int) throws {
        let doomed = url.appendingPathComponent(".deleting-step-\(step).\(UUID().uuidString)", isDirectory: true)
        guard rename(folder(step: step).path, doomed.path) == 0 else {
            throw FileWriteError(path: folder(step: step).path, reason: "renaming for removal: \(MappedFile.message(errno))")
        }
        AtomicFile.syncFolder(url.path)
        try? FileManager.default.removeItem(at: doomed)
    }

    /// Deletes leftovers of this class's interrupted writes and removals (`.step-N.UUID.tmp`,
    /// `.deleting-step-N.UUID`), nothing else; when `checkpoints` is a symbolic link, nothing at all.
    public func removeLeftovers() {
        guard !Self.isSymbolicLink(url) else { return }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        for name in names where Self.isLeftover(name) {
            try? FileManager.default.removeItem(at: url.appendingPathComponent(name))
        }
    }

    /// Whether `name` is one of the hidden names `write` and `remove` use.
    static func isLeftover(_ name: String) -> Bool {
        (name.hasPrefix(".step-") && name.hasSuffix(".tmp")) || name.hasPrefix(".deleting-step-")
    }

    /// Whether `url` itself is a symbolic link (not followed).
    static func isSymbolicLink(_ url: URL) -> Bool {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: url.path)) != nil
    }

    /// Keeps the newest `keepLast` checkpoints (all when nil), the newest one,
    /// and with `keepBest` the one with the highest dev accuracy; removes the rest.
    public func prune(keepLast: Int?, keepBest: Bool) throws {
        let all = steps()
        guard let keepLast, all.count > keepLast else { return }
        var kept = Set(all.suffix(max(1, keepLast)))
        if keepBest {
            let scored = all.compactMap { step in Self.devAccuracy(in: folder(step: step)).map { (step, $0) } }
            if let best = scored.max(by: { $0.1 < $1.1 || ($0.1 == $1.1 && $0.0 > $1.0) }) { kept.insert(best.0) }
        }
        for step in all where !kept.contains(step) { try remove(step: step) }
    }

    /// The run identity recorded in a checkpoint's `trainer_state.json`, if any.
    static func runID(in folder: URL) -> String? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(Checkpoint.File.trainerState)) else { return nil }
        return (try? JSONValue.parse(data))?["run_id"]?.stringValue
    }

    /// The dev accuracy recorded in a checkpoint's `trainer_state.json`, if any.
    static func devAccuracy(in folder: URL) -> Double? {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent(Checkpoint.File.trainerState)) else { return nil }
        return (try? JSONValue.parse(data))?["dev_accuracy"]?.numberValue?.double
    }
}
