import KMix

/// Following a run folder another process writes: starting, and each poll's report.
func reduceFollow(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case let .followRun(path, quietAfter):
        guard !state.training.status.isActive else {
            state.message = StatusMessage("Stop the current run before following another", kind: .error)
            return []
        }
        state.training = TrainingState()
        state.training.status = .opened
        state.training.runFolder = path
        state.training.follow = FollowState(folder: path)
        state.screen = .training
        state.message = StatusMessage("Following \(path): its new lines appear as they are written")
        return [.follow(path: path, quietAfter: quietAfter)]
    case let .followed(report):
        guard var follow = state.training.follow, follow.folder == report.folder else { return [] }
        if let plan = report.plan, !follow.planShown {
            follow.planShown = true
            if plan != state.plan {
                recordUndo(&state)
                state.plan = plan
                state.savedPlan = plan
            }
        }
        follow.secondsSinceLine = report.secondsSinceLine
        follow.quiet = report.quiet
        follow.waiting = report.waiting
        follow.finished = report.finished
        follow.gone = report.gone
        // A new reallocation shows the run's ranks again, as a live run's does (`runPlan`).
        if let reallocation = report.reallocation, reallocation != state.training.reallocation { state.runPlanHidden = false }
        var training = TrainingState(history: report.history, norms: report.history.norms.last,
                                     isGeneration: report.isGeneration, runFolder: report.folder)
        training.totalSteps = report.totalSteps ?? report.history.step
        training.reallocation = report.reallocation
        training.follow = follow
        state.training = training
        if let warning = report.warnings.last {
            state.message = StatusMessage("Skipped: \(warning)", kind: .error)
        } else if report.gone {
            state.message = StatusMessage("The run folder \(report.folder) is gone; stopped following it", kind: .error)
        } else if report.finished {
            state.message = StatusMessage("The followed run finished at step \(report.history.step)")
        }
    default:
        break
    }
    return []
}
