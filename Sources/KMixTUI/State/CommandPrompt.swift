/// The `:` command line while it is typed: its text and cursor, the history entry shown, and the Tab candidates.
public struct CommandPrompt: Sendable, Equatable {
    /// What has been typed (without the `:`) and where the cursor is.
    public private(set) var line = LineEditor()
    /// The entry of `AppState.commandHistory` shown (nil: a new line).
    public private(set) var historyIndex: Int?
    /// The new line, kept while history is browsed.
    private var draft = LineEditor()
    /// What the last Tab matched when it matched several; the next Tab inserts them in turn.
    public var candidates: [String] = []
    /// The candidate the last Tab inserted (nil: none yet).
    public var candidateIndex: Int?
    /// What stands before the candidates in the line, and whether they go inside an open double quote.
    var candidateHead = ""
    var candidateInQuote = false

    /// An empty line.
    public init() {}

    /// A new line holding `line`.
    init(line: LineEditor) {
        self.line = line
    }

    /// What has been typed (without the `:`).
    public var text: String { line.text }

    /// Applies `edit`. A change of the text starts a new line (no longer the history entry) and ends a Tab
    /// cycle; moving the cursor ends a Tab cycle only.
    mutating func apply(_ edit: LineEditor.Edit) {
        if line.apply(edit) { historyIndex = nil }
        forgetCandidates()
    }

    /// Replaces what is before the cursor with `prefix` (a completion), keeping the Tab cycle.
    mutating func complete(to prefix: String) {
        line.replaceBeforeCursor(prefix)
        historyIndex = nil
    }

    /// Shows an older (`step` < 0) or newer (`step` > 0) line of `history` (oldest first); past the newest,
    /// the line being typed comes back.
    mutating func browse(_ history: [String], step: Int) {
        guard !history.isEmpty else { return }
        let current = historyIndex ?? history.count
        let next = min(max(0, current + step), history.count)
        guard next != current else { return }
        if historyIndex == nil { draft = line }
        historyIndex = next == history.count ? nil : next
        line = historyIndex.map { LineEditor(history[$0]) } ?? draft
        forgetCandidates()
    }

    /// Ends a Tab cycle.
    mutating func forgetCandidates() {
        candidates = []
        candidateIndex = nil
    }
}
