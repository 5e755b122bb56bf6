import KMix

/// The head probe: requesting it, and its result.
func reduceProbe(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .requestProbe:
        if state.probe.isRunning {
            state.message = StatusMessage("Already probing the heads…")
            return []
        }
        guard state.hasData else {
            state.message = StatusMessage("The probe needs task data: \(state.dataDescription)", kind: .error)
            return []
        }
        guard !state.training.status.isActive else {
            state.message = StatusMessage("Probe after training: the run is using the model.", kind: .error)
            return []
        }
        let request = ProbeRequest(runFolder: hasAdapters(state.training.status) ? state.training.runFolder : nil)
        state.probe.isRunning = true
        let source = request.runFolder.map { "the run \($0)" } ?? "a fresh classifier"
        state.message = StatusMessage("Probing heads with \(source) on \(request.batches) dev batches…")
        return [.probe(request)]
    case let .probeFinished(statistics):
        state.probe.isRunning = false
        state.probe.statistics = statistics
        if !state.metric.isProbed { state.metric = .entropy }
        state.message = StatusMessage("Probed \(statistics.sentences) sentences; m shows entropy, distance, importance")
    case let .probeFailed(reason):
        state.probe.isRunning = false
        state.message = StatusMessage("The probe failed: \(reason)", kind: .error)
    default:
        break
    }
    return []
}

/// Whether a run in `status` has adapters on disk to probe.
private func hasAdapters(_ status: TrainingStatus) -> Bool {
    switch status {
    case .finished, .opened: return true
    case .idle, .preparing, .running, .paused, .failed: return false
    }
}
