/// The whole screen: title bar, budget bar, the current screen, status bar (or the command line), and any overlay.
public enum RootView {
    /// `state` rendered into a `width` × `height` grid.
    public static func render(_ state: AppState, width: Int, height: Int, options: RenderOptions) -> CellGrid {
        var grid = CellGrid(width: width, height: height)
        guard RenderOptions.fits(width: width, height: height) else {
            TooSmallView.draw(into: &grid, state, width: width, height: height)
            return grid
        }
        TitleBar.draw(into: &grid, state, width: width)
        BudgetBar.draw(into: &grid, state, y: 1, width: width, glyphs: options.glyphs)
        let main = Rect(x: 0, y: 2, width: width, height: height - 3)
        switch state.screen {
        case .heads: HeadsView.draw(into: &grid, state, in: main, glyphs: options.glyphs)
        case .training: TrainingView.draw(into: &grid, state, in: main, glyphs: options.glyphs)
        case .runs: RunsView.draw(into: &grid, state, in: main, glyphs: options.glyphs)
        }
        drawStatusBar(into: &grid, state, width: width, height: height)
        switch state.overlay {
        case let .help(page)?:
            let below = Rect(x: 0, y: 1, width: width, height: height - 2)
            HelpOverlay.draw(into: &grid, keyMap: state.keyMap, page: page, in: below, glyphs: options.glyphs)
        case let .dialog(dialog)?: DialogBox.draw(into: &grid, dialog, in: main, glyphs: options.glyphs)
        case nil: break
        }
        return grid
    }

    private static func drawStatusBar(into grid: inout CellGrid, _ state: AppState, width: Int, height: Int) {
        if let prompt = state.commandLine {
            CommandLineBar.draw(into: &grid, prompt, y: height - 1, width: width)
            return
        }
        let context = state.screen.keyContext
        let hints = state.keyMap.hints(for: context).map { ($0.key.label, $0.hint!) }
        var left: String, role: ColorRole
        if let entry = state.entry {
            left = "\(state.projection.rawValue.uppercased()) rank: \(entry)▏ (Enter sets, Esc cancels)"
            role = .accent
        } else if let message = state.message {
            left = message.text
            role = message.kind == .error ? .error : .statusBar
        } else {
            left = "kmix-tui"
            role = .statusBar
        }
        if state.probe.isRunning && !left.hasPrefix("Probing") { left = "probing… · " + left }
        if state.allocation.isRunning && !left.hasPrefix("Auto-allocate") { left = "allocating… · " + left }
        StatusBar.draw(into: &grid, y: height - 1, width: width, left: left, leftRole: role, hints: hints)
    }
}
