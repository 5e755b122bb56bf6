import Foundation

/// The runs screen: choosing its folder, reading it, moving, selecting, sorting and opening runs.
func reduceRunsScreen(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case let .showRuns(folder):
        state.screen = .runs
        if let folder { state.runs.folder = folder }
        return readRuns(&state)
    case .refreshRuns:
        return readRuns(&state)
    case let .runsRead(listing):
        guard listing.folder == state.runs.folder else { return [] }
        let current = state.runs.current?.path
        var runs = state.runs
        runs.isReading = false
        runs.problem = nil
        runs.listing = RunListing(folder: listing.folder, location: listing.location,
                                  runs: RunsState.sorted(listing.runs, by: runs.order))
        runs.selected = runs.selected.filter { path in listing.runs.contains { $0.path == path } }
        runs.cursor = runs.rows.firstIndex { $0.path == current } ?? min(runs.cursor, max(0, runs.rows.count - 1))
        state.runs = runs
        let count = listing.runs.count
        state.message = StatusMessage("\(count == 1 ? "1 run" : "\(count) runs") in \(listing.location)")
    case let .runsReadFailed(folder, reason):
        guard folder == state.runs.folder else { return [] }
        state.runs.isReading = false
        state.runs.listing = nil
        state.runs.problem = reason
    case let .move(layers, _):
        let count = state.runs.rows.count
        if count > 0 { state.runs.cursor = min(max(0, state.runs.cursor + layers), count - 1) }
    case .toggleRunSelection:
        guard let path = state.runs.current?.path else { return [] }
        if let index = state.runs.selected.firstIndex(of: path) {
            state.runs.selected.remove(at: index)
        } else {
            state.runs.selected.append(path)
        }
    case .openListedRun:
        guard let run = state.runs.current else {
            state.message = StatusMessage("No run to open here: \(noRunsAdvice(state))", kind: .error)
            return []
        }
        return reduce(&state, .openRun(path: run.path))
    case .cycleRunSort:
        let current = state.runs.current?.path
        state.runs.order = state.runs.order == .started ? .accuracy : .started
        if let listing = state.runs.listing {
            state.runs.listing?.runs = RunsState.sorted(listing.runs, by: state.runs.order)
            state.runs.cursor = state.runs.rows.firstIndex { $0.path == current } ?? 0
        }
        state.message = StatusMessage(state.runs.order == .accuracy ? "Runs by dev accuracy, best first" : "Runs by start")
    default:
        break
    }
    return []
}

/// Reads the runs' folder unless it was read before or is being read.
func readRunsOnce(_ state: inout AppState) -> [Effect] {
    state.runs.listing == nil && !state.runs.isReading ? readRuns(&state) : []
}

/// Reads the runs' folder (again).
private func readRuns(_ state: inout AppState) -> [Effect] {
    state.runs.isReading = true
    return [.readRuns(folder: state.runs.folder)]
}

/// How to get runs to list, naming the keys and commands that do.
func noRunsAdvice(_ state: AppState) -> String {
    "train one (\(state.keyMap.keyLabel(.train))), or list another folder with :runs DIR"
}
