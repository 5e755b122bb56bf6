import Foundation

/// The `:` command line: opening it, editing it, and running its command through the reducer.
func reduceCommandLine(_ state: inout AppState, _ action: Action) -> [Effect] {
    if case .openCommandLine = action {
        state.entry = nil
        state.commandLine = CommandPrompt()
        return []
    }
    guard var prompt = state.commandLine else { return [] }
    switch action {
    case .commandEdit(.deleteBackward) where prompt.text.isEmpty:
        state.commandLine = nil
        return []
    case let .commandEdit(edit):
        prompt.apply(edit)
    case .commandComplete:
        prompt = CommandCompletion.complete(prompt, in: state)
    case let .commandHistory(step):
        prompt.browse(state.commandHistory, step: step)
    case .commandCancel:
        state.commandLine = nil
        return []
    case .commandSubmit:
        state.commandLine = nil
        return run(prompt.text, &state)
    default:
        return []
    }
    state.commandLine = prompt
    return []
}

/// Runs the command `line` names: each of its actions through `reduce`, or its refusal in the status bar.
private func run(_ line: String, _ state: inout AppState) -> [Effect] {
    let line = line.trimmingCharacters(in: .whitespaces)
    guard !line.isEmpty else { return [] }
    if state.commandHistory.last != line {
        state.commandHistory.append(line)
        if state.commandHistory.count > AppState.commandHistoryLimit { state.commandHistory.removeFirst() }
    }
    do throws(CommandError) {
        var effects: [Effect] = []
        for action in try CommandParser.actions(for: line, in: state) { effects += reduce(&state, action) }
        return effects
    } catch {
        state.message = StatusMessage(error.message, kind: .error)
        return []
    }
}
