import KMix

/// Auto-allocate: asking for it, its progress, and the plan it proposes.
func reduceAllocation(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .requestAutoAllocate:
        if canAllocate(&state) { state.overlay = .dialog(Dialog.make(.autoAllocate, for: state)) }
    case let .autoAllocate(settings):
        guard canAllocate(&state) else { return [] }
        if [.importance, .entropy].contains(settings.signal), state.data.source.pairColumns != nil {
            state.message = StatusMessage(pairsRefusal("Auto-allocate by \(settings.signal.rawValue)", data: state.data),
                                          kind: .error)
            return []
        }
        state.overlay = nil
        let request = AllocationRequest(settings: settings, base: state.plan, baseName: PlanName.preset(of: state.plan),
                                        data: state.data.source)
        state.allocation.running = request
        state.message = StatusMessage("Auto-allocate: reading the first \(request.probeRows) training rows…")
        return [.allocate(request)]
    case let .allocationProgress(text):
        if state.allocation.isRunning { state.message = StatusMessage(text) }
    case let .allocationFinished(proposal):
        state.allocation.running = nil
        state.allocation.proposal = proposal
        state.screen = .heads
        state.message = StatusMessage("\(proposal.signal.rawValue.capitalized) proposal on \(proposal.rows) rows: "
                                      + "Enter applies, Esc discards")
    case let .allocationFailed(reason):
        state.allocation.running = nil
        state.message = StatusMessage("Auto-allocate failed: \(reason)", kind: .error)
    case .applyProposal:
        guard let proposal = state.allocation.proposal else { return [] }
        state.allocation.proposal = nil
        recordUndo(&state)
        state.plan = proposal.plan
        state.message = StatusMessage("Applied the \(proposal.signal.rawValue) allocation: "
                                      + "\(Format.count(proposal.plan.adapterParameters.total)) parameters; "
                                      + "\(state.keyMap.keyLabel(.undo)) brings back the plan before")
    case .discardProposal:
        guard state.allocation.proposal != nil else { return [] }
        state.allocation.proposal = nil
        state.message = StatusMessage("Discarded the proposed plan")
    default:
        break
    }
    return []
}

/// Whether an allocation may start now; if not, says why in the status bar.
private func canAllocate(_ state: inout AppState) -> Bool {
    let refusal: String
    if state.allocation.isRunning {
        refusal = "Auto-allocate is already measuring; wait for its proposal"
    } else if state.training.status.isActive {
        refusal = "Auto-allocate after training: the run is using the model"
    } else if state.probe.isRunning {
        refusal = "Auto-allocate after the probe: it is using the model"
    } else if !state.data.isFound {
        refusal = "Auto-allocate needs task data: \(state.dataDescription)"
    } else {
        return true
    }
    state.message = StatusMessage(refusal, kind: .error)
    return false
}
