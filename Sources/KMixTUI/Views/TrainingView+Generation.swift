import KMix

extension TrainingView {
    /// The fewest rows the charts keep beside the samples panel: a box around a line chart's smallest drawing.
    static let minimumChartRows = 6
    /// The rows the charts keep before the samples panel takes its full form (three rows a sample) over its compact one.
    static let fullFormChartRows = 10
    /// The rows from which the charts stack, loss over perplexity, beside the per-head norms.
    static let stackedChartRows = 20

    /// The samples panel's form that fits a body of `rows` rows beside the charts (nil: none fits).
    static func samplesForm(bodyRows rows: Int) -> SamplesPanel.Form? {
        if rows - SamplesPanel.Form.full.height >= fullFormChartRows { return .full }
        if rows - SamplesPanel.Form.compact.height >= minimumChartRows { return .compact }
        return nil
    }

    /// A generation run's body: the loss and dev perplexity charts (beside the norms when tall enough), and the samples
    /// panel below them across the screen; a body too short for the panel leaves it out with a one-line note.
    static func drawGeneration(into grid: inout CellGrid, _ state: AppState, _ body: Rect, glyphs: GlyphSet) {
        guard let form = samplesForm(bodyRows: body.height) else {
            let (charts, note) = body.splitTop(body.height - 1)
            drawGenerationCharts(into: &grid, state, charts, glyphs: glyphs)
            let needed = SamplesPanel.Form.compact.height + minimumChartRows - body.height
            grid.put(" Samples hidden: they need \(needed) more row\(needed == 1 ? "" : "s")", x: note.x, y: note.y,
                     style: Style(.muted), limit: note.width)
            return
        }
        let (charts, panel) = body.splitTop(body.height - form.height)
        drawGenerationCharts(into: &grid, state, charts, glyphs: glyphs)
        SamplesPanel.draw(into: &grid, state.training.samples, form: form, emptyMessage: samplesWait(state), in: panel,
                          glyphs: glyphs)
    }

    /// Loss and dev perplexity: stacked beside the per-head norms in a tall `rect`, else side by side.
    private static func drawGenerationCharts(into grid: inout CellGrid, _ state: AppState, _ rect: Rect, glyphs: GlyphSet) {
        guard rect.height >= stackedChartRows else {
            let (lossBox, perplexityBox) = rect.splitLeft(rect.width / 2)
            drawLoss(into: &grid, state, lossBox, glyphs: glyphs)
            drawPerplexity(into: &grid, state, perplexityBox, glyphs: glyphs)
            return
        }
        let (charts, right) = rect.splitLeft(rect.width - normsWidth(rect))
        let (lossBox, perplexityBox) = charts.splitTop(charts.height * 3 / 5)
        drawLoss(into: &grid, state, lossBox, glyphs: glyphs)
        drawPerplexity(into: &grid, state, perplexityBox, glyphs: glyphs)
        drawNorms(into: &grid, state, right, glyphs: glyphs)
    }

    /// The dev perplexity chart (the exponential of the dev loss per target token) in `box`.
    private static func drawPerplexity(into grid: inout CellGrid, _ state: AppState, _ box: Rect, glyphs: GlyphSet) {
        grid.box(box, title: "Dev perplexity" + windowNote(state), glyphs: glyphs)
        let perplexity = ChartWindow.clip(state.training.perplexity, to: state.chartWindow, latest: state.training.step)
        LineChart(series: [ChartSeries("perplexity", perplexity, role: .series3, marker: "o")],
                  emptyMessage: evaluationWait(state), integerX: true)
            .draw(into: &grid, box.inset(1), glyphs: glyphs)
    }

    /// What the samples panel says before the run's first samples.
    private static func samplesWait(_ state: AppState) -> String {
        switch state.training.status {
        case .idle: return idleMessage(state)
        case .opened: return "this run wrote no samples"
        default:
            return state.training.devExamples == 0 ? "this run has no dev set to write samples for"
                : "what the model writes for \(TrainingSetup.sampleCount) dev sources appears after each evaluation"
        }
    }
}
