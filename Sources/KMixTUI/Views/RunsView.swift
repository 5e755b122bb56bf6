import Foundation

/// The runs screen: a table of the run folders found, and the training loss and dev accuracy of the runs compared
/// (those selected, else the one under the cursor), one colour per run; when every run compared is a generation
/// run, their dev perplexity in place of the accuracy (a mix shows the classifiers' accuracy only).
public enum RunsView {
    /// The ASCII glyph set's marks for the runs' curves, in series order.
    static let markers: [Character] = ["*", "o", "+", "x", "#", "@"]

    /// Draws the screen into `area`.
    public static func draw(into grid: inout CellGrid, _ state: AppState, in area: Rect, glyphs: GlyphSet) {
        let (tableBox, charts) = area.splitTop(max(7, min(state.runs.rows.count + 4, area.height / 2)))
        RunsTable.draw(into: &grid, state, in: tableBox, glyphs: glyphs)
        let (lossBox, accuracyBox) = charts.splitLeft(charts.width / 2)
        let compared = state.runs.compared
        func series(of runs: [RunSummary]? = nil, _ points: (RunSummary) -> [CurvePoint]) -> [ChartSeries] {
            (runs ?? compared).map { run in
                let role = state.runColor(run) ?? ColorRole.series[0]
                let index = ColorRole.series.firstIndex(of: role) ?? 0
                return ChartSeries(run.name, points(run), role: role, marker: markers[index % markers.count])
            }
        }
        let empty = state.runs.rows.isEmpty ? "no runs to compare"
            : "\(state.keyMap.keyLabel(.selectRun)) selects runs to compare"
        grid.box(lossBox, title: "Training loss (smoothed)", glyphs: glyphs)
        LineChart(series: series { TrainingState.smoothed($0.loss) }, emptyMessage: compared.isEmpty ? empty : "no steps yet",
                  integerX: true).draw(into: &grid, lossBox.inset(1), glyphs: glyphs)
        let generation = !compared.isEmpty && compared.allSatisfy { !$0.perplexity.isEmpty }
        grid.box(accuracyBox, title: generation ? "Dev perplexity" : "Dev accuracy", glyphs: glyphs)
        let scores = generation ? series(\.perplexity) : series(of: compared.filter { $0.perplexity.isEmpty }, \.accuracy)
        LineChart(series: scores, emptyMessage: compared.isEmpty ? empty : "no evaluations yet", integerX: true)
            .draw(into: &grid, accuracyBox.inset(1), glyphs: glyphs)
    }
}
