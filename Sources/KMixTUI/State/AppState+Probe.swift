extension AppState {
    /// What the current adapters are, as a probe would describe them: the run in progress, finished or opened at
    /// its latest step; else (no run, or one that is loading or failed) the untrained model a probe would use.
    public var adapterSubject: ProbeSubject {
        guard let folder = training.runFolder else { return .untrained }
        switch training.status {
        case .running, .paused, .finished, .opened: return .run(folder: folder, step: training.step)
        case .idle, .preparing, .failed: return .untrained
        }
    }

    /// Whether the probe's statistics describe other adapters than the current ones.
    public var probeIsOutdated: Bool {
        probe.subject.map { $0 != adapterSubject } ?? false
    }
}
