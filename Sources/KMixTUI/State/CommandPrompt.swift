/// The `:` command line while it is typed: its text, the history entry shown, and the Tab candidates.
public struct CommandPrompt: Sendable, Equatable {
    /// What has been typed (without the `:`).
    public var text = ""
    /// The entry of `AppState.commandHistory` shown (nil: a new line).
    public private(set) var historyIndex: Int?
    /// The new line, kept while history is browsed.
    private var draft = ""
    /// What the last Tab matched when it matched several; the next Tab inserts them in turn.
    public var candidates: [String] = []
    /// The candidate the last Tab inserted (nil: none yet).
    public var candidateIndex: Int?

    /// An empty line.
    public init() {}

    /// Types `character` at the end.
    mutating func append(_ character: Character) {
        edit { $0.append(character) }
    }

    /// Deletes the last character.
    mutating func deleteBackward() {
        edit { if !$0.isEmpty { $0.removeLast() } }
    }

    /// Empties the line.
    mutating func clear() {
        edit { $0 = "" }
    }

    /// Shows an older (`step` < 0) or newer (`step` > 0) line of `history` (oldest first); past the newest,
    /// the line being typed comes back.
    mutating func browse(_ history: [String], step: Int) {
        guard !history.isEmpty else { return }
        let current = historyIndex ?? history.count
        let next = min(max(0, current + step), history.count)
        guard next != current else { return }
        if historyIndex == nil { draft = text }
        historyIndex = next == history.count ? nil : next
        text = historyIndex.map { history[$0] } ?? draft
        forgetCandidates()
    }

    /// Ends a Tab cycle.
    mutating func forgetCandidates() {
        candidates = []
        candidateIndex = nil
    }

    private mutating func edit(_ change: (inout String) -> Void) {
        change(&text)
        historyIndex = nil
        forgetCandidates()
    }
}
