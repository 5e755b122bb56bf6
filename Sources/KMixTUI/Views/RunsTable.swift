import Foundation

/// The runs screen's table: a header, then a row per run (the cursor's in reverse, the compared runs marked in their
/// colour), scrolled to keep the cursor in view; or why there is no run to list.
enum RunsTable {
    /// A column: its title, its width, whether it is right-aligned, and its text for a run.
    struct Column: Sendable {
        let title: String
        let width: Int
        let right: Bool
        let text: @Sendable (RunSummary, AppState) -> String
    }

    /// The columns after the run's name, in order, and the width below which the name leaves out each optional one.
    static let columns: [(column: Column, optional: Bool)] = [
        (Column(title: "Plan", width: 16, right: false) { run, _ in run.plan }, false),
        (Column(title: "Params", width: 9, right: true) { run, _ in run.parameters.map(Format.count) ?? "-" }, false),
        (Column(title: "Seed", width: 5, right: true) { run, _ in run.seed.map(String.init) ?? "-" }, true),
        (Column(title: "Steps", width: 11, right: true) { run, _ in
            "\(run.step)" + (run.totalSteps.map { "/\($0)" } ?? "") }, true),
        (Column(title: "Dev", width: 9, right: true) { run, _ in run.devScore }, false),
        (Column(title: "State", width: 10, right: false) { run, state in state.status(of: run).rawValue }, false),
    ]

    /// The narrowest the name column gets before optional columns are left out.
    static let minimumNameWidth = 20

    /// Draws the table into `box`.
    static func draw(into grid: inout CellGrid, _ state: AppState, in box: Rect, glyphs: GlyphSet) {
        let runs = state.runs, keys = state.keyMap
        let order = runs.order == .accuracy ? "by dev accuracy" : "by start"
        let title = "Runs in \(runs.listing?.location ?? runs.folder) · \(order)"
        let hint = " · \(keys.keyLabel(.selectRun)) compare, \(keys.keyLabel(.openListedRun)) open, "
            + "\(keys.keyLabel(.sortRuns)) sort, \(keys.keyLabel(.refreshRuns)) refresh"
        grid.box(box, title: title.cellWidth + hint.cellWidth <= box.width - 6 ? title + hint : title, glyphs: glyphs)
        let inner = box.inset(1)
        let x = inner.x + 1, width = inner.width - 2
        guard !runs.rows.isEmpty else {
            let text = runs.isReading ? "Reading \(runs.folder)…"
                : (runs.problem.map { "\($0): " } ?? "No runs in \(runs.folder): ") + noRunsAdvice(state)
            for (index, line) in Format.wrap(text, width: width, lines: inner.height).enumerated() {
                grid.put(line, x: x, y: inner.y + index, style: Style(runs.problem == nil ? .muted : .warning))
            }
            return
        }
        let shown = visibleColumns(width: width)
        let nameWidth = min(32, width - 2 - shown.reduce(0) { $0 + $1.width + 1 })
        var header = "  " + Format.fit("Run", nameWidth)
        for column in shown { header += " " + align(column.title, column) }
        grid.put(header, x: x, y: inner.y, style: Style(.muted, attributes: .bold), limit: width)
        let visible = inner.height - 1
        let first = min(max(0, runs.cursor - visible + 1), max(0, runs.rows.count - visible))
        for (offset, run) in runs.rows.dropFirst(first).prefix(visible).enumerated() {
            let y = inner.y + 1 + offset, isCursor = first + offset == runs.cursor
            if let role = state.runColor(run) { grid.put(String(glyphs.shades[4]), x: x, y: y, style: Style(role)) }
            var line = Format.fit(run.name, nameWidth)
            for column in shown { line += " " + align(column.text(run, state), column) }
            let style = isCursor ? Style(.selection, attributes: .reverse) : Style(statusRole(state.status(of: run)))
            grid.put(line, x: x + 2, y: y, style: style, limit: width - 2)
        }
    }

    /// The columns that fit `width` beside a name of at least `minimumNameWidth`, optional ones left out last first.
    static func visibleColumns(width: Int) -> [Column] {
        var shown = columns
        while width - 2 - shown.reduce(0, { $0 + $1.column.width + 1 }) < minimumNameWidth,
              let last = shown.lastIndex(where: \.optional) {
            shown.remove(at: last)
        }
        return shown.map(\.column)
    }

    private static func align(_ text: String, _ column: Column) -> String {
        let cut = Format.truncate(text, column.width)
        let pad = String(repeating: " ", count: max(0, column.width - cut.cellWidth))
        return column.right ? pad + cut : cut + pad
    }

    /// The colour of a row by its run's status.
    private static func statusRole(_ status: RunStatus) -> ColorRole {
        switch status {
        case .finished: return .text
        case .stopped: return .muted
        case .running: return .success
        case .failed: return .error
        case .incomplete: return .warning
        }
    }
}
