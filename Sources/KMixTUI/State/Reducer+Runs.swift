import Foundation
import KMix

/// Opening an existing run and exporting the current one.
func reduceRuns(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .requestOpenRun:
        if canOpenRun(&state) { state.overlay = .dialog(Dialog.make(.openRun, for: state)) }
    case let .openRun(path):
        guard canOpenRun(&state) else { return [] }
        state.message = StatusMessage("Opening \(path)…")
        return [.openRun(path: path)]
    case .requestExport:
        if exportableRun(&state) != nil { state.overlay = .dialog(Dialog.make(.export, for: state)) }
    case let .exportRun(format, output):
        guard let run = exportableRun(&state) else { return [] }
        let request = ExportRequest(run: run, format: format, output: output ?? ExportRequest.defaultOutput(run: run, format: format))
        state.message = StatusMessage("Exporting \(format.rawValue) to \(request.output)…")
        return [.export(request)]
    case let .runOpened(run):
        recordUndo(&state)
        state.plan = run.plan
        state.savedPlan = run.plan
        state.cursor = HeadPosition(layer: 0, head: 0)
        state.training = TrainingState(opened: run)
        state.screen = .training
        var summary = "Opened run \(run.folder): \(run.history.step) steps"
        if let perplexity = run.history.perplexity.last {
            summary += String(format: ", dev perplexity %.3f", perplexity.y)
        } else if let accuracy = run.history.accuracy.last {
            summary += String(format: ", dev %.1f %%", 100 * accuracy.y)
        }
        state.message = StatusMessage(summary)
    case let .exportFinished(request, files):
        state.message = StatusMessage("Exported \(request.format.rawValue) to \(request.output) (\(files.joined(separator: ", ")))")
    default:
        break
    }
    return []
}

/// Whether a run folder may be opened now; if not, says why in the status bar.
private func canOpenRun(_ state: inout AppState) -> Bool {
    guard !state.training.status.isActive else {
        state.message = StatusMessage("Stop the current run before opening another", kind: .error)
        return false
    }
    return true
}

/// The run folder to export, or nil with the reason in the status bar.
private func exportableRun(_ state: inout AppState) -> String? {
    if state.training.status.isActive {
        state.message = StatusMessage("Stop the run (\(state.keyMap.keyLabel(.stop))) or let it finish before exporting", kind: .error)
        return nil
    }
    guard let run = state.training.runFolder else {
        let keys = state.keyMap
        state.message = StatusMessage("No run to export: train one (\(keys.keyLabel(.train))) or open one (\(keys.keyLabel(.openRun)))",
                                      kind: .error)
        return nil
    }
    return run
}

extension TrainingState {
    /// What the training view shows for a run read from its folder.
    init(opened run: OpenedRun) {
        self.init(history: run.history, norms: run.norms, isGeneration: run.isGeneration, runFolder: run.folder)
    }

    /// What the training view shows for a run whose folder holds `history`, with `norms` the latest per-head norms.
    init(history: MetricsLog, norms: [[Float]]?, isGeneration: Bool, runFolder: String) {
        self.init()
        status = .opened
        step = history.step
        totalSteps = history.step
        epoch = history.epoch
        learningRate = history.learningRate
        tokensPerSecond = history.tokensPerSecond
        elapsed = history.elapsed
        loss = history.loss
        accuracy = history.accuracy
        perplexity = history.perplexity
        samples = history.samples
        self.isGeneration = isGeneration
        self.norms = norms
        normHistory = Array((history.norms.isEmpty ? norms.map { [$0] } ?? [] : history.norms)
            .suffix(Self.normHistoryLimit))
        self.runFolder = runFolder
    }
}
