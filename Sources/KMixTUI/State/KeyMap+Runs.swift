extension KeyMap {
    /// The runs screen's keys: the arrows (and the other move keys) move its cursor, the digits show screens as on
    /// the training screen. Selecting is not Space, so that Space pauses training on every screen.
    static let runsBindings: [KeyBinding] = [
        KeyBinding(.character("v"), .runs, .toggleRunSelection, "select a run to compare", name: .selectRun, hint: "select"),
        KeyBinding(.enter, .runs, .openListedRun, "open the run", name: .openListedRun, hint: "open"),
        KeyBinding(.character("s"), .runs, .cycleRunSort, "sort by accuracy / start", name: .sortRuns, hint: "sort"),
        KeyBinding(.character("r"), .runs, .refreshRuns, "read the folder again", name: .refreshRuns, hint: "refresh"),
        KeyBinding(.character("1"), .runs, .showScreen(.heads), "heads / training / runs", name: .headsScreen, listed: false),
        KeyBinding(.character("2"), .runs, .showScreen(.training), "heads / training / runs", name: .trainingScreen, listed: false),
        KeyBinding(.character("3"), .runs, .showScreen(.runs), "heads / training / runs", name: .runsScreen, listed: false),
    ]
}
