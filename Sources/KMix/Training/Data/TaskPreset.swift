import Foundation

/// A known task: what it asks (classes or text), the names of its folder and files, and where its full data comes from.
///
/// Columns are chosen by header name as for any file (`ColumnSelection`'s defaults find GLUE's `sentence` and
/// other copies' `content` or `text`), so the task reads its files in GLUE's layout and in others.
public struct TaskPreset: Sendable, Equatable {
    /// What a task asks of the model.
    public enum Kind: Sendable, Equatable {
        /// One label of a fixed set per text.
        case classification(LabelSet)
        /// A target text written for a source text, the columns read by header name.
        case generation(GenerationDataset.Columns)
    }

    /// The training and dev files' names inside the task's folder, one layout of the task's data.
    public struct Layout: Sendable, Equatable {
        public let trainFile: String
        public let devFile: String
    }

    /// The task's name, as the command line spells it.
    public let name: String
    /// The name shown to people ("SST-2").
    public let displayName: String
    /// The names the task's folder goes by inside a data folder, in the order they are tried.
    public let folderNames: [String]
    /// The file layouts a folder may hold, in the order they are tried: the full data set's first.
    public let layouts: [Layout]
    /// The file `kmix eval` scores a generation run on (nil: the dev file), looked for beside the others.
    public let evaluationFile: String?
    /// Classes or text.
    public let kind: Kind
    /// Where to get the full data set, for messages.
    public let fullDataSource: String

    /// GLUE SST-2, binary sentiment: `train.tsv` and `dev.tsv` in a folder `sst2` or `SST-2` (GLUE's download);
    /// labels "0" (negative) and "1" (positive). kmix ships a sample (`Datasets/sst2`).
    public static let sst2 = TaskPreset(
        name: "sst2", displayName: "SST-2", folderNames: ["sst2", "SST-2"],
        layouts: [Layout(trainFile: "train.tsv", devFile: "dev.tsv")], evaluationFile: nil,
        kind: .classification(.fixed(values: ["0", "1"], names: ["negative", "positive"])),
        fullDataSource: "GLUE's SST-2 download (gluebenchmark.com/tasks)")

    /// The E2E NLG challenge: a restaurant's meaning representation (`mr`) to a description (`ref`), in a folder
    /// `e2e` or `e2e-dataset`. The full data set trains on `trainset.csv` with `devset.csv` as its dev set; kmix
    /// ships `devset.csv` and `testset_w_refs.csv` only (`Datasets/e2e`), so without the full set it trains on
    /// `devset.csv` and its dev loss is measured on `testset_w_refs.csv`. Either way `kmix eval` scores
    /// `testset_w_refs.csv`.
    public static let e2e = TaskPreset(
        name: "e2e", displayName: "E2E", folderNames: ["e2e", "e2e-dataset"],
        layouts: [Layout(trainFile: "trainset.csv", devFile: "devset.csv"),
                  Layout(trainFile: "devset.csv", devFile: "testset_w_refs.csv")],
        evaluationFile: "testset_w_refs.csv", kind: .generation(.e2e),
        fullDataSource: "the E2E NLG challenge's data set (github.com/tuetschek/e2e-dataset)")

    /// The labels of a classification task (nil for a generation task).
    public var labels: LabelSet? {
        if case let .classification(labels) = kind { return labels }
        return nil
    }

    /// Every preset, by name.
    public static let all = [sst2, e2e]

    /// The preset called `name`, if any.
    public static func named(_ name: String) -> TaskPreset? { all.first { $0.name == name } }

    /// The folder kmix ships its sample data in (`Datasets/` of the repository), when it is found beside or above
    /// the running program.
    public static var shippedDataFolder: URL? { ShippedFolder.locate("Datasets") }

    /// The task's training and evaluation files, from the first folder that holds both.
    ///
    /// A folder holds them in a sub-folder named as in `folderNames`; an explicit `dataFolder` may also hold the
    /// two files directly. With `dataFolder`, that folder is the only one searched, so that a wrong folder is
    /// reported rather than replaced. Without it the folders are, in order: `$KMIX_DATA`, `./data` (relative to
    /// `currentDirectory`), and the sample shipped with kmix (`shippedData`).
    /// - Throws: `DataError.taskDataNotFound`, listing every folder searched.
    public func locate(
        dataFolder: URL?,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
        shippedData: URL? = TaskPreset.shippedDataFolder
    ) throws(DataError) -> TaskFiles {
        if let dataFolder {
            let folder = dataFolder.standardizedFileURL
            if let files = files(directlyIn: folder, isShippedSample: false) { return files }
            if let files = files(under: folder, isShippedSample: false) { return files }
            throw .taskDataNotFound(task: name, files: expectedFiles, searched: [folder.path])
        }
        var folders: [(folder: URL, shipped: Bool)] = []
        if let custom = environment["KMIX_DATA"], !custom.isEmpty {
            folders.append((URL(fileURLWithPath: custom, isDirectory: true, relativeTo: currentDirectory).absoluteURL, false))
        }
        folders.append((currentDirectory.appendingPathComponent("data", isDirectory: true), false))
        if let shippedData { folders.append((shippedData, true)) }
        for (folder, shipped) in folders {
            if let files = files(under: folder.standardizedFileURL, isShippedSample: shipped) { return files }
        }
        throw .taskDataNotFound(task: name, files: expectedFiles, searched: folders.map(\.folder.standardizedFileURL.path))
    }

    /// The files as a data folder holds them, for messages: "sst2/train.tsv".
    var expectedFiles: [String] {
        [layouts[0].trainFile, layouts[0].devFile].map { folderNames[0] + "/" + $0 }
    }

    private func files(under folder: URL, isShippedSample: Bool) -> TaskFiles? {
        folderNames.lazy.compactMap { self.files(directlyIn: folder.appendingPathComponent($0, isDirectory: true),
                                                 isShippedSample: isShippedSample) }.first
    }

    private func files(directlyIn folder: URL, isShippedSample: Bool) -> TaskFiles? {
        for layout in layouts {
            let train = folder.appendingPathComponent(layout.trainFile)
            let dev = folder.appendingPathComponent(layout.devFile)
            guard FileManager.default.fileExists(atPath: train.path), FileManager.default.fileExists(atPath: dev.path)
            else { continue }
            let evaluation = evaluationFile.map { folder.appendingPathComponent($0) }
                .flatMap { FileManager.default.fileExists(atPath: $0.path) ? $0 : nil }
            return TaskFiles(train: train, dev: dev, evaluation: evaluation, isShippedSample: isShippedSample)
        }
        return nil
    }
}

/// A task's files, as `TaskPreset.locate` found them.
public struct TaskFiles: Sendable, Equatable {
    public let train: URL
    public let dev: URL
    /// The file a generation task is scored on, when the task names one and the folder holds it.
    public let evaluation: URL?
    /// Whether they are the sample shipped with kmix (part of the data set) rather than a copy the user has.
    public let isShippedSample: Bool

    /// The folder that holds them.
    public var folder: URL { train.deletingLastPathComponent() }
}
