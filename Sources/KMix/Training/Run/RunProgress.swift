import Foundation

/// How far the run in a folder has got, from its checkpoints: what `kmix experiment run` starts, resumes or skips,
/// and which runs `kmix experiment report` counts.
public enum RunProgress: Sendable, Equatable {
    /// No folder.
    case absent
    /// A folder without a checkpoint (the run never saved: it starts again).
    case unsaved
    /// The newest checkpoint is at `step`, before the run's last step `total` (it resumes from there).
    case partial(step: Int, total: Int)
    /// The newest checkpoint is at the run's last step.
    case complete(steps: Int)
}

/// Reads `RunProgress`, counting each training set once: a run's last step depends on its training rows
/// (`TrainingParameters.totalSteps`), which only its data file says.
public struct RunProgressReader: Sendable {
    private var rowCounts: [RowSource: Int] = [:]

    /// A reader with nothing counted yet.
    public init() {}

    /// The progress of the run in `folder`.
    /// - Throws: the errors of reading its `config.json` and its training data, when it has a checkpoint.
    public mutating func progress(of folder: URL) throws -> RunProgress {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder), isFolder.boolValue else {
            return .absent
        }
        guard let step = CheckpointFolder(runFolder: folder).steps().last else { return .unsaved }
        let configuration = try RunConfiguration.load(fromRun: folder)
        let total = configuration.parameters.totalSteps(examples: try trainingRows(of: configuration))
        return step >= total ? .complete(steps: step) : .partial(step: step, total: total)
    }

    private mutating func trainingRows(of configuration: RunConfiguration) throws -> Int {
        let source = RowSource(file: configuration.trainFile, text: configuration.textColumn, pair: configuration.pairColumn,
                               label: configuration.labelColumn, maxRows: configuration.maxTrainRows,
                               labels: configuration.labelValues)
        if let count = rowCounts[source] { return count }
        let count = try configuration.loadData().train.count
        rowCounts[source] = count
        return count
    }

    /// What decides a run's training rows.
    private struct RowSource: Hashable, Sendable {
        let file: String
        let text: String?, pair: String?, label: String?
        let maxRows: Int?
        let labels: [String]
    }
}
