import KMix

/// Budget editing: the selection, ranks, presets, undo and the target.
func reduceBudget(_ state: inout AppState, _ action: Action) {
    let shape = state.shape
    let maxRank = shape.headSize
    switch action {
    case let .move(layers, heads):
        state.cursor.layer = min(max(0, state.cursor.layer + layers), shape.layerCount - 1)
        state.cursor.head = min(max(0, state.cursor.head + heads), shape.headCount - 1)
    case let .changeRank(delta):
        setRank(&state, state.rank(state.projection, at: state.cursor) + delta, maxRank: maxRank)
    case let .setRank(rank):
        setRank(&state, rank, maxRank: maxRank)
    case .cycleProjection:
        let all = Projection.allCases
        state.projection = all[(all.firstIndex(of: state.projection)! + 1) % all.count]
    case let .selectProjection(projection):
        state.projection = projection
    case .applyToLayer:
        let selected = state.cursor.layer
        apply(&state, scope: "layer \(selected)") { layer, _ in layer == selected }
    case .applyToHeadIndex:
        let selected = state.cursor.head
        apply(&state, scope: "head \(selected) of every layer") { _, head in head == selected }
    case .applyToAll:
        apply(&state, scope: "every head") { _, _ in true }
    case let .changeSharedRank(delta):
        let layer = state.cursor.layer
        let current = state.plan.layers[layer].sharedRank(state.projection)
        let next = min(max(0, current + delta), shape.hiddenSize)
        guard next != current else { return }
        recordUndo(&state)
        state.plan.layers[layer].shared[state.projection] = next
        state.message = StatusMessage("Layer \(layer) shared \(state.projection.rawValue.uppercased()) rank \(next)")
    case let .applyPreset(preset):
        do {
            let plan = try preset.plan(for: shape)
            recordUndo(&state)
            state.plan = plan
            state.message = StatusMessage("Preset \(preset.name)")
        } catch {
            state.message = StatusMessage(error.description.prefix(1).uppercased() + error.description.dropFirst(), kind: .error)
        }
    case .undo:
        guard let previous = state.undoStack.popLast() else {
            state.message = StatusMessage("Nothing to undo")
            return
        }
        state.redoStack.append(state.plan)
        state.runPlanHidden = true
        state.plan = previous
        state.message = StatusMessage("Undone")
    case .redo:
        guard let next = state.redoStack.popLast() else {
            state.message = StatusMessage("Nothing to redo")
            return
        }
        state.undoStack.append(state.plan)
        state.runPlanHidden = true
        state.plan = next
        state.message = StatusMessage("Redone")
    case let .setTarget(target):
        state.target = target.flatMap { $0 > 0 ? $0 : nil }
    case .cycleMetric:
        let all = HeadMetric.allCases
        state.metric = all[(all.firstIndex(of: state.metric)! + 1) % all.count]
    case let .selectMetric(metric):
        state.metric = metric
    case let .entryDigit(digit):
        let text = (state.entry ?? "") + String(digit)
        state.entry = String(text.prefix(4))
    case .entryBackspace:
        guard var text = state.entry else { return }
        text.removeLast()
        state.entry = text.isEmpty ? nil : text
    case .entrySubmit:
        if let text = state.entry, let rank = Int(text) { setRank(&state, rank, maxRank: maxRank) }
        state.entry = nil
    case .entryCancel:
        state.entry = nil
    case .takeRunPlan:
        takeRunPlan(&state)
    default:
        break
    }
}

/// Puts the reallocating run's latest plan into the editor, as one undo step.
private func takeRunPlan(_ state: inout AppState) {
    guard let report = state.training.reallocation else {
        state.message = StatusMessage("No reallocated plan to take: train (\(state.keyMap.keyLabel(.train))) with a "
                                      + "\(DialogField.ID.reallocate.label) setting first", kind: .error)
        return
    }
    guard report.plan != state.plan else {
        state.message = StatusMessage("The editor already holds the run's plan after step \(report.step)")
        return
    }
    recordUndo(&state)
    state.plan = report.plan
    state.message = StatusMessage("Took the run's plan after step \(report.step); \(state.keyMap.keyLabel(.undo)) brings back the one before")
}

private func setRank(_ state: inout AppState, _ rank: Int, maxRank: Int) {
    let clamped = min(max(0, rank), maxRank)
    let position = state.cursor
    if clamped != state.rank(state.projection, at: position) {
        recordUndo(&state)
        state.plan.layers[position.layer].heads[state.projection][position.head] = clamped
    }
    if rank > maxRank { state.message = StatusMessage("A head's rank is at most its width, \(maxRank)", kind: .error) }
}

private func apply(_ state: inout AppState, scope: String, where included: (Int, Int) -> Bool) {
    let rank = state.rank(state.projection, at: state.cursor)
    let shape = state.shape
    var plan = state.plan
    for layer in 0..<shape.layerCount {
        for head in 0..<shape.headCount where included(layer, head) {
            plan.layers[layer].heads[state.projection][head] = rank
        }
    }
    guard plan != state.plan else { return }
    recordUndo(&state)
    state.plan = plan
    state.message = StatusMessage("\(state.projection.rawValue.uppercased()) rank \(rank) on \(scope)")
}
