/// How things look: the theme and the charts' time window.
func reduceView(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .cycleTheme:
        let names = state.themeNames
        guard !names.isEmpty else { return [] }
        let next = names[((names.firstIndex(of: state.themeName) ?? -1) + 1) % names.count]
        return [.loadTheme(next)]
    case let .selectTheme(name):
        return [.loadTheme(name)]
    case let .themeLoaded(name):
        state.themeName = name
        state.message = StatusMessage("Theme: \(name)")
    case .narrowChartWindow:
        state.chartWindow = ChartWindow.narrower(than: state.chartWindow, latest: state.training.step)
        state.message = StatusMessage("Charts: \(ChartWindow.label(state.chartWindow))")
    case .widenChartWindow:
        state.chartWindow = ChartWindow.wider(than: state.chartWindow, latest: state.training.step)
        state.message = StatusMessage("Charts: \(ChartWindow.label(state.chartWindow))")
    default:
        break
    }
    return []
}
