extension KeyMap {
    /// The action for `key` while the terminal is smaller than the UI's minimum, when nothing but the
    /// too-small message is shown: the quit keys (which ask first while a run is training), and the answer
    /// to that question; every other key is ignored, so that nothing changes unseen.
    public func tooSmallAction(for key: Key, in state: AppState) -> Action? {
        if case let .dialog(dialog)? = state.overlay, dialog.kind == .confirmQuit {
            return action(for: key, in: state)
        }
        let quits = bindings.contains { $0.key == key && $0.context == .global && $0.action.isQuitRequest }
        return quits ? .requestQuit : nil
    }
}

extension Action {
    /// Whether the action is `.requestQuit`.
    var isQuitRequest: Bool {
        if case .requestQuit = self { return true }
        return false
    }
}
