import KMix

/// Applies `action` to `state` and returns the work the app must do outside the state.
public func reduce(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .move where state.screen == .runs, .showRuns, .runsRead, .runsReadFailed, .toggleRunSelection, .openListedRun,
         .cycleRunSort, .refreshRuns:
        return reduceRunsScreen(&state, action)
    case .move, .changeRank, .setRank, .cycleProjection, .selectProjection, .applyToLayer, .applyToHeadIndex,
         .applyToAll, .changeSharedRank, .applyPreset, .undo, .redo, .setTarget, .cycleMetric, .selectMetric,
         .entryDigit, .entryBackspace, .entrySubmit, .entryCancel, .takeRunPlan:
        reduceBudget(&state, action)
        return []
    case .dialogEdit, .dialogNextField, .dialogPreviousField, .dialogTab, .dialogSubmit, .dialogCancel:
        return reduceDialog(&state, action)
    case .chooseData, .dataChecked:
        return reduceData(&state, action)
    case .requestTraining, .togglePause, .requestStop, .evaluateNow, .saveNow, .trainingPreparing,
         .trainingFailedToStart, .trainingCancelled, .trainingEvent, .trainingMissed:
        return reduceTraining(&state, action)
    case .requestOpenRun, .requestExport, .openRun, .exportRun, .runOpened, .exportFinished:
        return reduceRuns(&state, action)
    case .followRun, .followed:
        return reduceFollow(&state, action)
    case .requestProbe, .probeFinished, .probeFailed:
        return reduceProbe(&state, action)
    case .cycleTheme, .selectTheme, .themeLoaded, .narrowChartWindow, .widenChartWindow:
        return reduceView(&state, action)
    case .requestAutoAllocate, .autoAllocate, .allocationProgress, .allocationFinished, .allocationFailed, .applyProposal,
         .discardProposal:
        return reduceAllocation(&state, action)
    case let .showScreen(screen):
        state.screen = screen
        return screen == .runs ? readRunsOnce(&state) : []
    case .toggleScreen:
        let screens = Screen.allCases
        return reduce(&state, .showScreen(screens[(screens.firstIndex(of: state.screen)! + 1) % screens.count]))
    case .openCommandLine, .commandEdit, .commandComplete, .commandHistory,
         .commandSubmit, .commandCancel:
        return reduceCommandLine(&state, action)
    case .openHelp:
        state.overlay = .help(page: 0)
    case let .helpPage(delta):
        if case let .help(page)? = state.overlay { state.overlay = .help(page: page + delta) }
    case .closeOverlay:
        state.overlay = nil
    case let .openDialog(kind):
        state.overlay = .dialog(Dialog.make(kind, for: state))
    case let .savePlan(path):
        return [.savePlan(state.plan, path: path)]
    case let .askOverwrite(path):
        state.overlay = .dialog(Dialog.make(.confirmOverwrite(path: path), for: state))
    case let .openPlan(path):
        return [.loadPlan(path: path)]
    case let .planLoaded(plan, path):
        recordUndo(&state)
        state.plan = plan
        state.savedPlan = plan
        state.planPath = path
        state.ownedPlanFile = path
        state.message = StatusMessage("Opened \(path)")
    case let .planSaved(path):
        state.ownedPlanFile = path
        state.planPath = path
        state.savedPlan = state.plan
        state.message = StatusMessage("Saved the plan to \(path)")
    case let .notify(message):
        state.message = message
    case .requestQuit:
        if state.training.status.isActive || state.hasUnsavedPlan {
            state.overlay = .dialog(Dialog.make(.confirmQuit, for: state))
        } else {
            state.shouldQuit = true
            return [.quit]
        }
    }
    return []
}

/// Saves the current plan for undo and forgets what was undone; the change about to be made succeeds, so an
/// earlier error message no longer applies and is cleared.
func recordUndo(_ state: inout AppState) {
    if state.message?.kind == .error { state.message = nil }
    state.runPlanHidden = true
    state.undoStack.append(state.plan)
    if state.undoStack.count > 200 { state.undoStack.removeFirst() }
    state.redoStack.removeAll()
}
