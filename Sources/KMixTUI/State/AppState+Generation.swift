import KMix

extension AppState {
    /// Whether the training screen shows a generation run (dev perplexity and samples): the kind of the run started
    /// or opened, else, with no run, the kind of the chosen data.
    public var showsGenerationRun: Bool {
        training.status == .idle ? data.source.pairColumns != nil : training.isGeneration
    }
}
