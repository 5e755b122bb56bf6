/// The top line: program, model, screen tabs and the run's status.
public enum TitleBar {
    /// Draws the title bar on row 0; each screen's tab names the key that shows it in the state's key map. The model's name is
    /// shortened (with "…") to leave the tabs and the status their room, and left out when fewer than four of its
    /// characters would fit.
    public static func draw(into grid: inout CellGrid, _ state: AppState, width: Int) {
        grid.fill(Rect(x: 0, y: 0, width: width, height: 1), style: Style(.title))
        let tabs = Screen.allCases.map { screen in
            " " + (state.keyMap.screenKey(screen).map { $0.label + " " } ?? "") + screen.title + " "
        }
        let status = "training: \(state.training.statusLabel) "
        var x = grid.put(" kmix ", x: 0, y: 0, style: Style(.title, attributes: [.reverse, .bold]))
        let room = width - x - tabs.reduce(0) { $0 + $1.count + 1 } - status.count - 1 - 2
        if room >= 4 { x = grid.put(" \(Format.truncate(state.modelName, room)) ", x: x, y: 0, style: Style(.muted)) }
        for (screen, tab) in zip(Screen.allCases, tabs) {
            let active = screen == state.screen
            x = grid.put(tab, x: x + 1, y: 0, style: Style(active ? .accent : .muted, attributes: active ? [.reverse, .bold] : []))
        }
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
