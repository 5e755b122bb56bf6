extension LineEditor.Edit {
    /// The edit `key` makes in a line being typed, with a shell's keys: characters type, Backspace and
    /// Delete (or Ctrl-D) delete, Ctrl-W, Ctrl-U and Ctrl-K delete a word, to the start and to the end;
    /// ← → (Ctrl-B, Ctrl-F) move, Home and End (Ctrl-A, Ctrl-E) jump. Nil for any other key.
    init?(key: Key) {
        switch key {
        case let .character(character): self = .insert(character)
        case .backspace: self = .deleteBackward
        case .delete, .control("d"): self = .deleteForward
        case .control("w"): self = .deleteWordBackward
        case .control("u"): self = .deleteToStart
        case .control("k"): self = .deleteToEnd
        case .left, .control("b"): self = .left
        case .right, .control("f"): self = .right
        case .home, .control("a"): self = .home
        case .end, .control("e"): self = .end
        default: return nil
        }
    }
}

extension HelpSection {
    /// The keys that edit the `:` line and dialog fields (`LineEditor.Edit.init(key:)`), for help.
    static let lineEditing = HelpSection(title: "Editing a line (: and dialogs)", rows: [
        HelpRow(keys: "← → ^B ^F", description: "move the cursor"),
        HelpRow(keys: "Home End ^A ^E", description: "to the start, the end"),
        HelpRow(keys: "Bksp", description: "delete before cursor"),
        HelpRow(keys: "Del ^D", description: "delete under cursor"),
        HelpRow(keys: "^W", description: "delete the word before"),
        HelpRow(keys: "^U ^K", description: "delete to start / end"),
        HelpRow(keys: "Tab", description: "complete (: line)"),
        HelpRow(keys: "↑ ↓", description: "history (: line)"),
    ])
}
