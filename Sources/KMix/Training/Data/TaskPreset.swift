import Foundation

/// A known classification task: where its files are, which columns they use and what its labels are.
public struct TaskPreset: Sendable, Equatable {
    /// The task's name, as the command line spells it.
    public let name: String
    /// The training file, relative to a data folder.
    public let trainFile: String
    /// The evaluation file, relative to a data folder.
    public let devFile: String
    /// The columns of the training file.
    public let trainColumns: ColumnSelection
    /// The columns of the evaluation file.
    public let devColumns: ColumnSelection
    /// The task's labels, for both files.
    public let labels: LabelSet

    /// GLUE SST-2, binary sentiment: `sst2/train.tsv` (67,349 rows, text column "sentence") and `sst2/dev.tsv`
    /// (872 rows, text column "content"); labels "0" (negative) and "1" (positive).
    public static let sst2 = TaskPreset(
        name: "sst2", trainFile: "sst2/train.tsv", devFile: "sst2/dev.tsv",
        trainColumns: ColumnSelection(text: "sentence", label: "label"),
        devColumns: ColumnSelection(text: "content", label: "label"),
        labels: .fixed(values: ["0", "1"], names: ["negative", "positive"]))

    /// The task's training and evaluation files, from the first folder that holds both.
    ///
    /// With `dataFolder`, that folder is the only one searched, so that a wrong folder is reported rather than
    /// replaced. Without it the folders are, in order: `$KMIX_DATA`, `./data` and `../shared/data` (both relative
    /// to `currentDirectory`).
    /// - Throws: `DataError.taskDataNotFound`, listing every folder searched.
    public func locate(
        dataFolder: URL?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    ) throws(DataError) -> (train: URL, dev: URL) {
        let folders = dataFolder.map { [$0] } ?? Self.defaultFolders(environment: environment, currentDirectory: currentDirectory)
        for folder in folders {
            let train = folder.appendingPathComponent(trainFile)
            let dev = folder.appendingPathComponent(devFile)
            if FileManager.default.fileExists(atPath: train.path), FileManager.default.fileExists(atPath: dev.path) {
                return (train, dev)
            }
        }
        throw .taskDataNotFound(task: name, files: [trainFile, devFile], searched: folders.map(\.path))
    }

    /// Locates and reads the task's files: the first `maxTrainRows` training examples (all when nil) and the
    /// whole evaluation file, both with the task's labels.
    public func load(
        dataFolder: URL?, maxTrainRows: Int? = nil,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true)
    ) throws(DataError) -> (train: ClassificationDataset, dev: ClassificationDataset) {
        let files = try locate(dataFolder: dataFolder, environment: environment, currentDirectory: currentDirectory)
        let train = try ClassificationDataset.load(files.train, columns: trainColumns, labels: labels, maxRows: maxTrainRows)
        let dev = try ClassificationDataset.load(files.dev, columns: devColumns, labels: train.labels)
        return (train, dev)
    }

    /// `$KMIX_DATA` (when set), `./data` and `../shared/data`.
    private static func defaultFolders(environment: [String: String], currentDirectory: URL) -> [URL] {
        var folders: [URL] = []
        if let custom = environment["KMIX_DATA"], !custom.isEmpty {
            folders.append(URL(fileURLWithPath: custom, isDirectory: true, relativeTo: currentDirectory).absoluteURL)
        }
        folders.append(currentDirectory.appendingPathComponent("data", isDirectory: true))
        folders.append(currentDirectory.deletingLastPathComponent().appendingPathComponent("shared/data", isDirectory: true))
        return folders
    }
}
