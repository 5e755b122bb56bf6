import ArgumentParser
import Foundation
import KMix

/// Where the task's data comes from: a preset (`--task sst2`) or files with columns chosen by header name.
public struct DataOptions: ParsableArguments {
    @Option(help: "A task preset: sst2 (finds sst2/train.tsv and dev.tsv under --data, $KMIX_DATA, ./data or ../shared/data).")
    public var task: String?

    @Option(help: ArgumentHelp("Training data (TSV, CSV or JSON Lines with a header).", valueName: "FILE"))
    public var train: String?

    @Option(help: ArgumentHelp("Dev data, labelled like the training data.", valueName: "FILE"))
    public var dev: String?

    @Option(help: ArgumentHelp("The folder that holds the task preset's files.", valueName: "DIR"))
    public var data: String?

    @Option(name: .customLong("text-column"), help: "The text column's header name (default: sentence, content, text or sentence1).")
    public var textColumn: String?

    @Option(name: .customLong("pair-column"), help: "A second text column, for sentence-pair tasks.")
    public var pairColumn: String?

    @Option(name: .customLong("label-column"), help: "The label column's header name (default: label).")
    public var labelColumn: String?

    @Option(name: .customLong("dev-text-column"), help: "The dev file's text column, when it is named differently.")
    public var devTextColumn: String?

    @Option(name: .customLong("max-train-rows"), help: "Use only the first N rows of the training file.")
    public var maxTrainRows: Int?

    /// Options as given on the command line (ArgumentParser fills them in).
    public init() {}

    /// Refuses --task with --train, unknown presets and a row limit under 1.
    public func validate() throws {
        if task != nil && train != nil { throw ValidationError("give --task or --train, not both") }
        if let task, task != TaskPreset.sst2.name { throw ValidationError("unknown task '\(task)'; the preset is sst2") }
        if let maxTrainRows, maxTrainRows < 1 { throw ValidationError("--max-train-rows must be at least 1") }
    }

    /// The columns `--text-column`, `--pair-column` and `--label-column` select in the training file.
    public var trainColumns: ColumnSelection { ColumnSelection(text: textColumn, pair: pairColumn, label: labelColumn) }

    /// The dev file's columns: `--dev-text-column` when given, else the training file's.
    public var devColumns: ColumnSelection {
        ColumnSelection(text: devTextColumn ?? textColumn, pair: pairColumn, label: labelColumn)
    }

    /// The training and dev sets, with what the run configuration records about them.
    public func load() throws -> (train: ClassificationDataset, dev: ClassificationDataset?, files: (String, String?),
                           columns: (ColumnSelection, ColumnSelection)) {
        if task == nil && train == nil { throw ValidationError("give --task sst2, or --train FILE (and --dev FILE)") }
        if task != nil {
            let preset = TaskPreset.sst2
            let folder = data.map { URL(fileURLWithPath: $0, isDirectory: true) }
            let files = try preset.locate(dataFolder: folder)
            let loaded = try preset.load(dataFolder: folder, maxTrainRows: maxTrainRows)
            return (loaded.train, loaded.dev, (files.train.path, files.dev.path), (preset.trainColumns, preset.devColumns))
        }
        let training = try ClassificationDataset.load(URL(fileURLWithPath: train!), columns: trainColumns,
                                                      labels: .inferred, maxRows: maxTrainRows)
        let development = try dev.map {
            try ClassificationDataset.load(URL(fileURLWithPath: $0), columns: devColumns, labels: training.labels)
        }
        return (training, development, (train!, dev), (trainColumns, devColumns))
    }
}
