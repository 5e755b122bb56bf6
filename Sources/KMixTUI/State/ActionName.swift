/// The name of an action that `[keys]` in `config.toml` can rebind (its raw value); each key binding carries the
/// name of its action, so the key map is the one table of keys, actions and names.
public enum ActionName: String, Sendable, CaseIterable {
    case quit, help, command
    case headsScreen = "heads_screen", trainingScreen = "training_screen", runsScreen = "runs_screen"
    case switchScreen = "switch_screen"
    case train, pause, stop, evaluate
    case saveAdapters = "save_adapters", openRun = "open_run", export, metric, probe, theme
    case narrowWindow = "narrow_window", widenWindow = "widen_window"
    case left, down, up, right
    case firstLayer = "first_layer", lastLayer = "last_layer", firstHead = "first_head", lastHead = "last_head"
    case rankUp = "rank_up", rankDown = "rank_down", projection
    case editQ = "edit_q", editV = "edit_v", editO = "edit_o"
    case applyLayer = "apply_layer", applyHead = "apply_head", applyAll = "apply_all"
    case sharedUp = "shared_up", sharedDown = "shared_down"
    case preset, target, undo, redo
    case autoAllocate = "auto_allocate"
    case savePlan = "save_plan", openPlan = "open_plan"
    case selectRun = "select_run", openListedRun = "open_listed_run", sortRuns = "sort_runs", refreshRuns = "refresh_runs"
}
