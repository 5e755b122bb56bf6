import Foundation
import KMix

/// Where a run's examples come from.
public enum TrainingData: Sendable {
    /// The SST-2 preset, found in `dataFolder`, else under `$KMIX_DATA`, `./data` or `../shared/data`.
    case sst2(dataFolder: String?)
    /// A training file and an optional dev file, with the columns to read from each.
    case files(train: String, dev: String?, columns: ColumnSelection, devColumns: ColumnSelection)

    /// The task's display name.
    public var name: String {
        switch self {
        case .sst2: return "SST-2"
        case .files: return "custom task"
        }
    }

    /// Whether the files exist, and where they are (a folder or the training file) or how to provide them.
    public func availability() -> (found: Bool, description: String) {
        switch self {
        case let .sst2(dataFolder):
            do {
                let files = try TaskPreset.sst2.locate(dataFolder: dataFolder.map { URL(fileURLWithPath: $0, isDirectory: true) })
                return (true, files.train.deletingLastPathComponent().path)
            } catch {
                return (false, "not found; set KMIX_DATA to a folder holding sst2/train.tsv and sst2/dev.tsv, or pass --train FILE --dev FILE")
            }
        case let .files(train, dev, _, _):
            let missing = ([train] + (dev.map { [$0] } ?? [])).filter { !FileManager.default.fileExists(atPath: $0) }
            return missing.isEmpty ? (true, train) : (false, "missing \(missing.joined(separator: ", "))")
        }
    }

    /// The encoded training and dev sets for `model`, and the run configuration that records where they came from.
    func load(model: PretrainedModel, settings: TrainingSettings, maxLength: Int) throws
        -> (train: EncodedDataset, dev: EncodedDataset?, configuration: RunConfiguration) {
        let train: ClassificationDataset, dev: ClassificationDataset?
        let task: String?, files: (String, String?), columns: (ColumnSelection?, ColumnSelection?)
        switch self {
        case let .sst2(dataFolder):
            let preset = TaskPreset.sst2, folder = dataFolder.map { URL(fileURLWithPath: $0, isDirectory: true) }
            let located = try preset.locate(dataFolder: folder)
            (train, dev) = try preset.load(dataFolder: folder, maxTrainRows: settings.maxTrainRows)
            task = "sst2"
            files = (located.train.path, located.dev.path)
            columns = (preset.trainColumns, preset.devColumns)
        case let .files(trainFile, devFile, trainColumns, devColumns):
            train = try ClassificationDataset.load(URL(fileURLWithPath: trainFile), columns: trainColumns, labels: .inferred,
                                                   maxRows: settings.maxTrainRows)
            dev = try devFile.map {
                try ClassificationDataset.load(URL(fileURLWithPath: $0), columns: devColumns, labels: train.labels)
            }
            task = nil
            files = (trainFile, devFile)
            columns = (trainColumns, devColumns)
        }
        let limit = min(maxLength, model.configuration.maxPositions)
        let configuration = RunConfiguration(
            model: model.folder.path, task: task, trainFile: files.0, devFile: files.1, textColumn: columns.0?.text,
            pairColumn: columns.0?.pair, labelColumn: columns.0?.label, devTextColumn: columns.1?.text,
            labelValues: train.labelValues, labelNames: train.labelNames, maxLength: limit,
            maxTrainRows: settings.maxTrainRows, parameters: settings.parameters)
        return (EncodedDataset(train, tokenizer: model.tokenizer, maxLength: limit),
                dev.map { EncodedDataset($0, tokenizer: model.tokenizer, maxLength: limit) }, configuration)
    }
}
