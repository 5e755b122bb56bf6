import Foundation

/// Where a run's examples come from: a task preset's files, or files the user names, with the columns to read.
///
/// `kmix train`, `kmix probe` and `kmix-tui` all describe their data so; explicit columns win over a task's
/// defaults.
public struct DataSource: Sendable, Equatable {
    /// The files' origin.
    public enum Origin: Sendable, Equatable {
        /// A task preset's files, from `folder` when given, else from the folders `TaskPreset.locate` searches.
        case task(TaskPreset, folder: String?)
        /// A training file and an optional dev file.
        case files(train: String, dev: String?)
    }

    public var origin: Origin
    /// The training file's columns, by header name.
    public var columns: ColumnSelection
    /// The dev file's columns.
    public var devColumns: ColumnSelection
    /// A generation task's source and target columns, when the user names them (a task preset names its own).
    public var generationColumns: GenerationDataset.Columns?

    /// A source of `origin` read with `columns` (and `devColumns`, default: the training file's); with
    /// `generationColumns`, files of source/target pairs.
    public init(_ origin: Origin, columns: ColumnSelection = ColumnSelection(), devColumns: ColumnSelection? = nil,
                generationColumns: GenerationDataset.Columns? = nil) {
        self.origin = origin
        self.columns = columns
        self.devColumns = devColumns ?? columns
        self.generationColumns = generationColumns
    }

    /// The source and target columns when the examples are source/target pairs: the user's, else the task's.
    public var pairColumns: GenerationDataset.Columns? {
        if let generationColumns { return generationColumns }
        if case .generation(let columns) = task?.kind { return columns }
        return nil
    }

    /// The task preset, when the source is one.
    public var task: TaskPreset? {
        if case let .task(preset, _) = origin { return preset }
        return nil
    }

    /// The files the source stands for, or why they cannot be found.
    public func locate() throws(DataError) -> LocatedData {
        switch origin {
        case let .task(preset, folder):
            let files = try preset.locate(dataFolder: folder.map { URL(fileURLWithPath: $0, isDirectory: true) })
            return LocatedData(train: files.train.path, dev: files.dev.path, evaluation: files.evaluation?.path,
                               place: files.folder.path, isShippedSample: files.isShippedSample)
        case let .files(train, dev):
            for file in [train] + (dev.map { [$0] } ?? []) where !FileManager.default.fileExists(atPath: file) {
                throw .missingFile(file: file)
            }
            return LocatedData(train: train, dev: dev, evaluation: nil, place: train, isShippedSample: false)
        }
    }

    /// The training set (its first `maxTrainRows` examples, all when nil) and the dev set, with their files.
    public func load(maxTrainRows: Int? = nil) throws(DataError) -> LoadedData {
        let files = try locate()
        if let pairColumns {
            let train = try GenerationDataset.load(URL(fileURLWithPath: files.train), columns: pairColumns,
                                                   maxRows: maxTrainRows)
            var dev: GenerationDataset?
            if let devFile = files.dev { dev = try GenerationDataset.load(URL(fileURLWithPath: devFile), columns: pairColumns) }
            return LoadedData(train: .generation(train), dev: dev.map { .generation($0) }, files: files)
        }
        let labels = task?.labels ?? .inferred
        let train = try ClassificationDataset.load(URL(fileURLWithPath: files.train), columns: columns, labels: labels,
                                                   maxRows: maxTrainRows)
        var dev: ClassificationDataset?
        if let devFile = files.dev {
            dev = try ClassificationDataset.load(URL(fileURLWithPath: devFile), columns: devColumns, labels: train.labels)
        }
        return LoadedData(train: .classification(train), dev: dev.map { .classification($0) }, files: files)
    }
}

/// The files a `DataSource` stands for.
public struct LocatedData: Sendable, Equatable {
    public let train: String
    public let dev: String?
    /// The file a generation task is scored on (`TaskPreset.evaluationFile`), when there is one.
    public let evaluation: String?
    /// Where the data is, for people: a task's folder, else the training file.
    public let place: String
    /// Whether they are the sample shipped with kmix rather than a copy the user has.
    public let isShippedSample: Bool

    /// Where the data is, in a few words: "…/Datasets/sst2 (the sample shipped with kmix)" for the sample, else
    /// `place`; `shown` spells the path (relative to a folder, say).
    public func description(shown: (String) -> String = { $0 }) -> String {
        shown(place) + (isShippedSample ? " (the sample shipped with kmix)" : "")
    }
}

/// A `DataSource`'s examples, read.
public struct LoadedData: Sendable {
    public let train: TaskExamples
    public let dev: TaskExamples?
    public let files: LocatedData
}
