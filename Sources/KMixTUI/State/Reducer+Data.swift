import KMix

/// Choosing the task data: `:data` and the start-training dialog's Data field.
func reduceData(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case let .chooseData(source):
        return [.checkData(source, startingRun: nil)]
    case let .dataChecked(choice, startingRun: settings):
        guard choice.isFound else {
            let problem = choice.problem ?? "no data"
            if let settings {
                state.settings = settings
                var dialog = Dialog.make(.startTraining, for: state)
                dialog.setValue(choice.fieldText(relativeTo: state.workingDirectory), of: .data)
                dialog.focus = dialog.fields.firstIndex { $0.id == .data } ?? 0
                dialog.error = problem
                state.overlay = .dialog(dialog)
            } else {
                state.message = StatusMessage(problem, kind: .error)
            }
            return []
        }
        state.data = choice
        state.message = StatusMessage("Training data: \(choice.name) in \(state.dataDescription)")
        if let settings { return beginTraining(&state, settings) }
    default:
        break
    }
    return []
}

/// Starts a run of the current plan on the current data with `settings`.
func beginTraining(_ state: inout AppState, _ settings: TrainingSettings) -> [Effect] {
    state.settings = settings
    state.overlay = nil
    state.screen = .training
    state.training = TrainingState()
    state.training.status = .preparing
    state.training.isGeneration = state.data.source.pairColumns != nil
    return [.startTraining(TrainingRequest(plan: state.plan, settings: settings, data: state.data.source))]
}
