import Foundation

/// The files kmix writes into a run folder, and the checks that keep it to folders it may call its own.
enum RunFiles {
    /// kmix's files in a run folder besides `checkpoints/` and the lock, in the order `removeOwn` removes them
    /// (`config.json`, which marks the folder as a run, last).
    static let own = ["adapters.safetensors", "metrics.jsonl", "plan.initial.json", "plan.json", "config.json"]
    /// Files that mark a model folder.
    static let modelFiles = ["model.safetensors", "pytorch_model.bin", "tf_model.h5"]

    /// Refuses `folder` when it is `model`'s folder or holds a model's weights.
    static func refuseModelFolder(_ folder: URL, model: URL) throws {
        let same = folder.standardizedFileURL.resolvingSymlinksInPath().path
            == model.standardizedFileURL.resolvingSymlinksInPath().path
        if same || holdsModel(folder) { throw RunStartError.modelFolder(path: folder.path) }
    }

    /// Whether `folder` holds a model's weights.
    static func holdsModel(_ folder: URL) -> Bool {
        modelFiles.contains { FileManager.default.fileExists(atPath: folder.appendingPathComponent($0).path) }
    }

    /// Whether `folder` holds a kmix run: a `config.json` that kmix wrote (it records `kmix_version`).
    static func holdsRun(_ folder: URL) -> Bool {
        guard let data = try? Data(contentsOf: folder.appendingPathComponent("config.json")) else { return false }
        return (try? JSONValue.parse(data))?["kmix_version"] != nil
    }

    /// Refuses an existing `folder` that holds anything but a lock, unless it holds a kmix run and `overwrite`
    /// is given; a run whose `checkpoints` is a symbolic link is refused even then.
    static func refuseForeign(_ folder: URL, overwrite: Bool) throws {
        let entries = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
            .filter { $0 != RunLock.fileName }.sorted()
        guard let first = entries.first else { return }
        if holdsModel(folder) { throw RunStartError.modelFolder(path: folder.path) }
        guard holdsRun(folder) else { throw RunStartError.notEmpty(path: folder.path, entry: first) }
        guard overwrite else { throw RunStartError.holdsARun(path: folder.path) }
        try refuseLinkedCheckpoints(folder)
    }

    /// Refuses a run folder whose `checkpoints` is a symbolic link: kmix writes and deletes checkpoints only in a
    /// folder of the run itself.
    static func refuseLinkedCheckpoints(_ folder: URL) throws {
        let checkpoints = CheckpointFolder(runFolder: folder).url
        if CheckpointFolder.isSymbolicLink(checkpoints) { throw RunStartError.linkedCheckpoints(path: checkpoints.path) }
    }

    /// Removes the run in `folder` kmix wrote, if there is one: its own checkpoints (by run identity), its files
    /// and `checkpoints/` when that is left empty; other files stay. Returns what it removed, relative to `folder`.
    static func removeOwn(_ folder: URL) throws -> [String] {
        guard holdsRun(folder) else { return [] }
        let runID = (try? RunConfiguration.load(fromRun: folder))?.runID
        let checkpoints = CheckpointFolder(runFolder: folder, runID: runID)
        var removed: [String] = []
        for step in checkpoints.steps() {
            try checkpoints.remove(step: step)
            removed.append("checkpoints/step-\(step)")
        }
        checkpoints.removeLeftovers()
        if (try? FileManager.default.contentsOfDirectory(atPath: checkpoints.url.path))?.isEmpty == true {
            try? FileManager.default.removeItem(at: checkpoints.url)
        }
        for name in own where FileManager.default.fileExists(atPath: folder.appendingPathComponent(name).path) {
            do {
                try FileManager.default.removeItem(at: folder.appendingPathComponent(name))
            } catch {
                throw RunStartError.cannotWrite(path: folder.appendingPathComponent(name).path, reason: FileErrorReason.of(error))
            }
            removed.append(name)
        }
        return removed
    }
}
