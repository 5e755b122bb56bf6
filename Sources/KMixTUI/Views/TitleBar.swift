/// The top line: program, model, screen tabs and the run's status.
public enum TitleBar {
    /// Draws the title bar on row 0.
    public static func draw(into grid: inout CellGrid, _ state: AppState, width: Int) {
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), style: Style(.title))
        var x = grid.put(" kmix ", x: 0, y: 0, style: Style(.title, attributes: [.reverse, .bold]))
        x = grid.put(" \(state.modelName) ", x: x, y: 0, style: Style(.muted))
        for (index, screen) in Screen.allCases.enumerated() {
            let active = screen == state.screen
            x = grid.put(" \(index + 1) \(screen.title) ", x: x + 1, y: 0,
                         style: Style(active ? .accent : .muted, attributes: active ? [.reverse, .bold] : []))
        }
        let status = "training: \(state.training.status.label) "
        let role: ColorRole
        switch state.training.status {
        case .running: role = .success
        case .failed: role = .error
        case .paused, .preparing: role = .warning
        default: role = .muted
        }
        grid.put(status, x: width - status.count, y: 0, style: Style(role))
    }
}
