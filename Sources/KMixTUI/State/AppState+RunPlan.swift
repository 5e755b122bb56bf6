import KMix

extension AppState {
    /// The reallocation whose plan the heads screen shows in place of the editable plan: a reallocating run's latest,
    /// while the run goes on (here or in a followed folder) and after it ended, until the plan is edited (nil: the editable plan is shown).
    public var runPlan: ReallocationReport? {
        guard let report = training.reallocation, !runPlanHidden else { return nil }
        switch training.status {
        case .running, .paused, .finished: return report
        case .opened: return training.follow == nil ? nil : report
        case .idle, .preparing, .failed: return nil
        }
    }

    /// The plan the heads screen's rank and parameter maps and the selected head's details show: the run's
    /// (`runPlan`), else the editable one.
    public var shownPlan: AdapterPlan { runPlan?.plan ?? plan }
}
