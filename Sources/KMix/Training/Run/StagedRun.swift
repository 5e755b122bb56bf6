import Foundation

/// A run whose data are read and encoded and whose configuration is settled, not yet on disk: `create` makes its
/// folder and gives the `TrainingSetup` a `Trainer` runs.
public struct StagedRun: Sendable {
    public let model: PretrainedModel
    public let plan: AdapterPlan
    /// What `config.json` will record.
    public let configuration: RunConfiguration
    /// The examples as read, with their files.
    public let data: LoadedData
    /// The encoded training and dev sets.
    public let train: EncodedDataset
    public let dev: EncodedDataset?

    /// Writes the run into `folder`, creating it (and its parents): `config.json`, then `plan.json`, each written
    /// to a temporary name and renamed, under the folder's writer lock (`RunLock`), which the setup holds.
    ///
    /// kmix writes only into a folder it may call its own: a new or empty folder, or with `overwrite` a folder
    /// that holds a kmix run, whose own files (`RunFiles`) are removed first and named in `removed`. The model's
    /// folder, a folder of other files, a run without `overwrite`, a `checkpoints` that is a symbolic link and a
    /// folder another process is writing are refused; a folder this call created is removed again when a write
    /// fails.
    public func create(_ folder: URL, overwrite: Bool = false) throws -> (setup: TrainingSetup, removed: [String]) {
        try RunFiles.refuseModelFolder(folder, model: model.folder)
        let existed = FileManager.default.fileExists(atPath: folder.path)
        try RunStarter.checkTarget(folder, overwrite: overwrite)
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RunStartError.cannotCreate(path: folder.path, reason: FileErrorReason.of(error))
        }
        let lock = try RunLock.acquire(folder)
        let removed: [String]
        do {
            try RunFiles.refuseForeign(folder, overwrite: overwrite)
            removed = try RunFiles.removeOwn(folder)
            try write(into: folder)
        } catch {
            if !existed { try? FileManager.default.removeItem(at: folder) }
            throw error
        }
        var setup = setup(in: folder)
        setup.lock = lock
        return (setup, removed)
    }

    /// Writes the run into a new folder in `parent` called `name`, or `name-2`, `name-3`… (`RunFolder.create`);
    /// returns the folder and the setup.
    public func create(in parent: URL, named name: String) throws -> (folder: URL, setup: TrainingSetup) {
        let folder = try RunFolder.create(in: parent, named: name)
        let lock: RunLock
        do {
            lock = try RunLock.acquire(folder)
            try write(into: folder)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        var setup = setup(in: folder)
        setup.lock = lock
        return (folder, setup)
    }

    /// Writes `config.json`, then `plan.json`: a folder interrupted between the two is already marked as a kmix
    /// run, which `--overwrite` may replace.
    private func write(into folder: URL) throws {
        let url = folder.appendingPathComponent("config.json")
        do {
            try AtomicFile.replace(url, with: Array(configuration.encoded()))
        } catch {
            throw RunStartError.cannotWrite(path: url.path, reason: FileErrorReason.of(error))
        }
        try plan.write(to: folder.appendingPathComponent("plan.json"))
    }

    private func setup(in folder: URL) -> TrainingSetup {
        var setup = TrainingSetup(model: model, plan: plan, train: train, dev: dev, parameters: configuration.parameters,
                                  runFolder: folder, checkpoints: configuration.checkpointOptions)
        setup.sampleGeneration(configuration, dev: data.dev)
        return setup
    }
}
