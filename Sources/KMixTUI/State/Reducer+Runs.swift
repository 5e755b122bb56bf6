import Foundation
import KMix

/// Opening an existing run and exporting the current one.
func reduceRuns(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .requestOpenRun:
        if state.training.status.isActive {
            state.message = StatusMessage("Stop the current run before opening another", kind: .error)
        } else {
            state.overlay = .dialog(Dialog.make(.openRun, for: state))
        }
    case .requestExport:
        if state.training.status.isActive {
            state.message = StatusMessage("Stop the run (x) or let it finish before exporting", kind: .error)
        } else if state.training.runFolder == nil {
            state.message = StatusMessage("No run to export: train one (t) or open one (R)", kind: .error)
        } else {
            state.overlay = .dialog(Dialog.make(.export, for: state))
        }
    case let .runOpened(run):
        recordUndo(&state)
        state.plan = run.plan
        state.cursor = HeadPosition(layer: 0, head: 0)
        state.training = TrainingState(opened: run)
        state.screen = .training
        var summary = "Opened run \(run.folder): \(run.history.step) steps"
        if let accuracy = run.history.accuracy.last { summary += String(format: ", dev %.1f %%", 100 * accuracy.y) }
        state.message = StatusMessage(summary)
    case let .exportFinished(request, files):
        state.message = StatusMessage("Exported \(request.format.rawValue) to \(request.output) (\(files.joined(separator: ", ")))")
    default:
        break
    }
    return []
}

extension TrainingState {
    /// What the training view shows for a run read from its folder.
    init(opened run: OpenedRun) {
        self.init()
        let history = run.history
        status = .opened
        step = history.step
        totalSteps = history.step
        epoch = history.epoch
        learningRate = history.learningRate
        tokensPerSecond = history.tokensPerSecond
        elapsed = history.elapsed
        loss = history.loss
        accuracy = history.accuracy
        norms = run.norms
        normHistory = Array((history.norms.isEmpty ? run.norms.map { [$0] } ?? [] : history.norms)
            .suffix(Self.normHistoryLimit))
        runFolder = run.folder
    }
}
