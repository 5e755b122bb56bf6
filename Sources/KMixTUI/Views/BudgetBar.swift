import Foundation

/// The always-visible budget line: adapter parameters, share of the model, and distance to the target.
public enum BudgetBar {
    /// The line's text without the bar.
    public static func summary(_ state: AppState) -> String {
        let trainable = state.trainableParameters
        let share = 100 * Double(trainable) / Double(max(1, state.modelParameters))
        var text = "Adapters \(Format.count(trainable)) params · \(String(format: "%.3f", share)) % of \(Format.compact(state.modelParameters))"
        if let target = state.target {
            let difference = trainable - target
            text += " · target \(Format.count(target)) (\(difference >= 0 ? "+" : "")\(Format.count(difference)))"
        } else {
            text += " · no target (\(state.keyMap.keyLabel(.target)) sets one)"
        }
        return text
    }

    /// Draws the line on row `y`.
    public static func draw(into grid: inout CellGrid, _ state: AppState, y: Int, width: Int, glyphs: GlyphSet) {
        let text = summary(state)
        let x = grid.put(" " + text + " ", x: 0, y: y, style: Style(.text, attributes: .bold), limit: width)
        let barWidth = width - x - 2
        guard barWidth >= 8 else { return }
        let reference = state.target ?? state.modelParameters / 100
        let fraction = Double(state.trainableParameters) / Double(max(1, reference))
        ProgressBar.draw(into: &grid, fraction: fraction, x: x + 1, y: y, width: barWidth, role: .accent, glyphs: glyphs)
    }
}
