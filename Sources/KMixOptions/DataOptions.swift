import ArgumentParser
import Foundation
import KMix

/// Where the task's data comes from: a preset (`--task sst2`) or files with columns chosen by header name.
public struct DataOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "A task preset: sst2 (train.tsv and dev.tsv in a folder sst2 or SST-2 under --data, $KMIX_DATA or ./data, "
            + "else the sample shipped with kmix) or e2e (a GPT-2 writes a restaurant description from its meaning "
            + "representation: trainset.csv and devset.csv in a folder e2e, else the shipped devset.csv with "
            + "testset_w_refs.csv as the dev set).", valueName: "NAME"))
    public var task: String?

    @Option(help: ArgumentHelp("Training data (TSV, CSV or JSON Lines with a header).", valueName: "FILE"))
    public var train: String?

    @Option(help: ArgumentHelp("Dev data, labelled like the training data.", valueName: "FILE"))
    public var dev: String?

    @Option(help: ArgumentHelp("The folder that holds the task preset's files (or their sst2 or SST-2 folder).",
                               valueName: "DIR"))
    public var data: String?

    @Option(name: .customLong("text-column"), help: "The text column's header name (default: sentence, content, text or sentence1).")
    public var textColumn: String?

    @Option(name: .customLong("pair-column"), help: "A second text column, for sentence-pair tasks.")
    public var pairColumn: String?

    @Option(name: .customLong("label-column"), help: "The label column's header name (default: label).")
    public var labelColumn: String?

    @Option(name: .customLong("dev-text-column"), help: "The dev file's text column, when it is named differently.")
    public var devTextColumn: String?

    @Option(name: .customLong("source-column"),
            help: "A generation task's source column (with --target-column): the model learns to write the target for it.")
    public var sourceColumn: String?

    @Option(name: .customLong("target-column"), help: "A generation task's target column (with --source-column).")
    public var targetColumn: String?

    @Option(name: .customLong("max-train-rows"), help: "Use only the first N rows of the training file.")
    public var maxTrainRows: Int?

    /// Options as given on the command line (ArgumentParser fills them in).
    public init() {}

    /// Refuses --task or --data with --train, --dev without --train, unknown presets and a row limit under 1.
    public func validate() throws {
        if task != nil && train != nil { throw ValidationError("give --task or --train, not both") }
        if dev != nil && train == nil { throw ValidationError("--dev needs --train (a task preset has its own dev file)") }
        if data != nil && train != nil { throw ValidationError("give --data (a task's folder) or --train FILE, not both") }
        if let task, TaskPreset.named(task) == nil {
            let names = TaskPreset.all.map(\.name)
            throw ValidationError("unknown task '\(task)'" + (ClosestName.suggestion(for: task, among: names)
                ?? "; the task presets are \(names.joined(separator: ", "))"))
        }
        if let maxTrainRows, maxTrainRows < 1 { throw ValidationError("--max-train-rows must be at least 1") }
        if (sourceColumn == nil) != (targetColumn == nil) {
            throw ValidationError("give --source-column and --target-column together")
        }
        if sourceColumn != nil, textColumn != nil || pairColumn != nil || labelColumn != nil || devTextColumn != nil {
            throw ValidationError("--source-column and --target-column name a generation task's columns; "
                                  + "--text-column, --pair-column, --label-column and --dev-text-column a classifier's")
        }
        if sourceColumn != nil, let task, case .classification? = TaskPreset.named(task)?.kind {
            throw ValidationError("--task \(task) is a classification task; --source-column and --target-column are a "
                                  + "generation task's")
        }
    }

    /// The source and target columns `--source-column` and `--target-column` name, when given.
    public var generationColumns: GenerationDataset.Columns? {
        guard let sourceColumn, let targetColumn else { return nil }
        return GenerationDataset.Columns(source: sourceColumn, target: targetColumn)
    }

    /// The columns `--text-column`, `--pair-column` and `--label-column` select in the training file.
    public var trainColumns: ColumnSelection { ColumnSelection(text: textColumn, pair: pairColumn, label: labelColumn) }

    /// The dev file's columns: `--dev-text-column` when given, else the training file's.
    public var devColumns: ColumnSelection {
        ColumnSelection(text: devTextColumn ?? textColumn, pair: pairColumn, label: labelColumn)
    }

    /// The data the options name, or nil when they name none (neither --task nor --train).
    public var source: DataSource? {
        let origin: DataSource.Origin
        if let task, let preset = TaskPreset.named(task) {
            origin = .task(preset, folder: data)
        } else if let train {
            origin = .files(train: train, dev: dev)
        } else {
            return nil
        }
        return DataSource(origin, columns: trainColumns, devColumns: devColumns, generationColumns: generationColumns)
    }

    /// The data the options name, or an error saying how to name some.
    public func requireSource() throws -> DataSource {
        guard let source else { throw ValidationError("give --task sst2 or e2e, or --train FILE (and --dev FILE)") }
        return source
    }

    /// The training and dev sets, with the files they came from.
    public func load() throws -> LoadedData {
        try requireSource().load(maxTrainRows: maxTrainRows)
    }
}
