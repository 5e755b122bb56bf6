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

    /// Writes the run into `folder`, creating it (and its parents): `plan.json`, then `config.json`, each written
    /// to a temporary name and renamed. A folder that already holds a run (`config.json` or `metrics.jsonl`) is
    /// refused; a folder this call created is removed again when a write fails.
    public func create(_ folder: URL) throws -> TrainingSetup {
        var isFolder: ObjCBool = false
        let existed = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder)
        if existed && !isFolder.boolValue { throw RunStartError.notAFolder(path: folder.path) }
        for file in ["config.json", "metrics.jsonl"] where FileManager.default.fileExists(atPath: folder.appendingPathComponent(file).path) {
            throw RunStartError.holdsARun(path: folder.path)
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw RunStartError.cannotCreate(path: folder.path, reason: FileErrorReason.of(error))
        }
        do {
            try write(into: folder)
        } catch {
            if !existed { try? FileManager.default.removeItem(at: folder) }
            throw error
        }
        return setup(in: folder)
    }

    /// Writes the run into a new folder in `parent` called `name`, or `name-2`, `name-3`… (`RunFolder.create`);
    /// returns the folder and the setup.
    public func create(in parent: URL, named name: String) throws -> (folder: URL, setup: TrainingSetup) {
        let folder = try RunFolder.create(in: parent, named: name)
        do {
            try write(into: folder)
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        return (folder, setup(in: folder))
    }

    private func write(into folder: URL) throws {
        try plan.write(to: folder.appendingPathComponent("plan.json"))
        let url = folder.appendingPathComponent("config.json")
        do {
            try AtomicFile.replace(url, with: Array(configuration.encoded()))
        } catch {
            throw RunStartError.cannotWrite(path: url.path, reason: FileErrorReason.of(error))
        }
    }

    private func setup(in folder: URL) -> TrainingSetup {
        TrainingSetup(model: model, plan: plan, train: train, dev: dev, parameters: configuration.parameters,
                      runFolder: folder, checkpoints: configuration.checkpointOptions)
    }
}
