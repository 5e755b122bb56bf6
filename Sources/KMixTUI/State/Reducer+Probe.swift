import KMix

/// The head probe: requesting it, and its result.
func reduceProbe(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .requestProbe:
        if state.probe.isRunning {
            state.message = StatusMessage("Already probing the heads…")
            return []
        }
        guard state.data.isFound else {
            state.message = StatusMessage("The probe needs task data: \(state.dataDescription)", kind: .error)
            return []
        }
        guard state.data.source.pairColumns == nil else {
            state.message = StatusMessage(pairsRefusal("The probe", data: state.data), kind: .error)
            return []
        }
        guard !state.training.status.isActive else {
            state.message = StatusMessage("Probe after training: the run is using the model.", kind: .error)
            return []
        }
        guard !state.allocation.isRunning else {
            state.message = StatusMessage("Probe after auto-allocate: it is using the model.", kind: .error)
            return []
        }
        let subject = state.adapterSubject
        let request = ProbeRequest(runFolder: subject.runFolder, data: state.data.source)
        state.probe.running = subject
        let source = request.runFolder.map { "the run \($0)" } ?? "a fresh classifier"
        state.message = StatusMessage("Probing heads with \(source) on \(request.batches) dev batches…")
        return [.probe(request)]
    case let .probeFinished(statistics):
        state.probe.subject = state.probe.running ?? state.adapterSubject
        state.probe.running = nil
        state.probe.statistics = statistics
        if !state.metric.isProbed { state.metric = .entropy }
        state.message = StatusMessage("Probed \(statistics.sentences) sentences; \(state.keyMap.keyLabel(.metric)) shows entropy, "
                                      + "distance, importance")
    case let .probeFailed(reason):
        state.probe.running = nil
        state.message = StatusMessage("The probe failed: \(reason)", kind: .error)
    default:
        break
    }
    return []
}

/// Why `measure` (the probe, or auto-allocate by a probed signal) refuses `data` of source/target pairs, as `kmix
/// probe` does: it measures heads with a classifier's labels.
func pairsRefusal(_ measure: String, data: DataChoice) -> String {
    "\(measure) measures heads with a classifier's labels; \(data.name) data are source/target pairs "
        + "(:data sst2 chooses labelled data)"
}
