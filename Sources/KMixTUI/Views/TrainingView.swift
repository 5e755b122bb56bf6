import Foundation

/// The training screen: progress line, loss and accuracy charts, and the live per-head adapter norms; for a
/// generation run, dev perplexity in place of the accuracy and the samples it writes (`drawGeneration`).
public enum TrainingView {
    /// Draws the screen into `area`.
    public static func draw(into grid: inout CellGrid, _ state: AppState, in area: Rect, glyphs: GlyphSet) {
        let (statusRows, body) = area.splitTop(2)
        drawProgress(into: &grid, state.training, statusRows, glyphs: glyphs)
        if state.showsGenerationRun {
            drawGeneration(into: &grid, state, body, glyphs: glyphs)
            return
        }
        let (charts, right) = body.splitLeft(body.width - normsWidth(body))
        let (lossBox, accuracyBox) = charts.splitTop(charts.height * 3 / 5)
        drawLoss(into: &grid, state, lossBox, glyphs: glyphs)
        grid.box(accuracyBox, title: "Dev accuracy" + windowNote(state), glyphs: glyphs)
        let accuracy = ChartWindow.clip(state.training.accuracy, to: state.chartWindow, latest: state.training.step)
        LineChart(series: [ChartSeries("accuracy", accuracy, role: .series3, marker: "o")],
                  emptyMessage: evaluationWait(state), integerX: true)
            .draw(into: &grid, accuracyBox.inset(1), glyphs: glyphs)
        drawNorms(into: &grid, state, right, glyphs: glyphs)
    }

    /// The width of the norms column beside the charts in `body`.
    static func normsWidth(_ body: Rect) -> Int { min(64, max(34, body.width * 2 / 5)) }

    /// The charts' title note: their window of steps and the keys that change it.
    static func windowNote(_ state: AppState) -> String {
        let keys = state.keyMap
        return " · \(ChartWindow.label(state.chartWindow)) (\(keys.keyLabel(.narrowWindow)) \(keys.keyLabel(.widenWindow)))"
    }

    /// What a chart says with no run yet: the key that trains, or what data is missing.
    static func idleMessage(_ state: AppState) -> String {
        state.data.isFound ? "press \(state.keyMap.keyLabel(.train)) to train on \(state.data.name)" : state.dataDescription
    }

    /// What a dev chart says before its first evaluation.
    static func evaluationWait(_ state: AppState) -> String {
        state.training.status == .idle ? idleMessage(state)
            : state.training.status == .opened && state.training.follow == nil ? "this run has no evaluations"
            : "waiting for an evaluation…"
    }

    /// The training loss chart, raw and smoothed, in `box`.
    static func drawLoss(into grid: inout CellGrid, _ state: AppState, _ box: Rect, glyphs: GlyphSet) {
        let window = state.chartWindow, latest = state.training.step
        grid.box(box, title: "Training loss" + windowNote(state), glyphs: glyphs)
        let empty = state.training.status == .idle ? idleMessage(state)
            : state.training.status.isFailure ? "the run stopped before its first step" : "waiting for the first step…"
        LineChart(series: [
            ChartSeries("loss", ChartWindow.clip(state.training.loss, to: window, latest: latest), role: .series2, marker: "."),
            ChartSeries("smoothed", ChartWindow.clip(state.training.smoothedLoss(), to: window, latest: latest),
                        role: .series1, marker: "*"),
        ], emptyMessage: empty, integerX: true).draw(into: &grid, box.inset(1), glyphs: glyphs)
    }

    private static func drawProgress(into grid: inout CellGrid, _ training: TrainingState, _ rect: Rect, glyphs: GlyphSet) {
        grid.put(" " + progressLine(training, width: rect.width - 1), x: rect.x, y: rect.y,
                 style: Style(.text, attributes: .bold), limit: rect.width)
        let fraction = training.totalSteps > 0 ? Double(training.step) / Double(training.totalSteps) : 0
        ProgressBar.draw(into: &grid, fraction: fraction, x: rect.x + 1, y: rect.y + 1, width: rect.width - 2, role: .success, glyphs: glyphs)
        if case let .failed(reason) = training.status {
            grid.put(" failed: \(reason)", x: rect.x, y: rect.y + 1, style: Style(.error, attributes: .bold), limit: rect.width)
        } else if let saved = training.lastSaved {
            let text = " saved \(saved) "
            grid.put(text, x: rect.maxX - text.cellWidth - 1, y: rect.y + 1, style: Style(.muted), limit: rect.width)
        }
    }

    /// The progress line's facts (the label set after the step; an ETA only while the run goes on; the latest dev
    /// accuracy, or a generation run's dev perplexity and token accuracy) in `width` characters; a narrow screen
    /// leaves out the token accuracy, the learning rate, the epoch, the peak memory and the elapsed time first, in
    /// that order. A followed run's status line (`FollowState.line`) takes the place of the status and step.
    static func progressLine(_ training: TrainingState, width: Int) -> String {
        let status: [(text: String, priority: Int)] = training.follow.map { follow in
            [(follow.line(step: training.step, total: training.totalSteps > 0 ? training.totalSteps : nil), 9)]
        } ?? [(training.statusLabel, 9), ("step \(training.step)/\(training.totalSteps)", 8)]
        var parts: [(text: String, priority: Int)] = status + [
            (String(format: "ep %.2f", training.epoch), 3), (String(format: "lr %.1e", training.learningRate), 2),
            ("\(Format.count(Int(training.tokensPerSecond))) tok/s", 6), ("\(Format.duration(training.elapsed)) elapsed", 5),
        ]
        if let labels = training.labelSummary() { parts.insert((labels, 6), at: 2) }
        if let eta = training.eta { parts.append(("ETA \(Format.duration(eta))", 7)) }
        if training.peakResidentMiB > 0 { parts.append(("peak \(Format.count(training.peakResidentMiB)) MiB", 4)) }
        if let perplexity = training.perplexity.last {
            parts.append(("dev ppl " + Format.perplexity(perplexity.y), 7))
            if let accuracy = training.accuracy.last { parts.append((String(format: "token accuracy %.1f %%", 100 * accuracy.y), 2)) }
        } else if let accuracy = training.accuracy.last {
            parts.append((String(format: "dev %.1f %%", 100 * accuracy.y), 7))
        }
        if training.missedEvents > 0 { parts.append(("\(training.missedEvents) events dropped", 9)) }
        return Format.joinFitting(parts, separator: " · ", width: width)
    }

    static func drawNorms(into grid: inout CellGrid, _ state: AppState, _ rect: Rect, glyphs: GlyphSet) {
        let shape = state.shape
        let mapHeight = min(rect.height / 2, shape.layerCount * 2 + 3)
        let (mapBox, barBox) = rect.splitTop(max(mapHeight, shape.layerCount + 3))
        grid.box(mapBox, title: "Adapter norm per head", glyphs: glyphs)
        // Both charts scale norms from 0 to the largest of any head, so that a head's shade and bar agree.
        let values = state.metricValues(.norm)
        let map = HeatMap(values: values, selected: state.cursor, showNumbers: false)
        map.draw(into: &grid, Rect(x: mapBox.x + 2, y: mapBox.y + 1, width: mapBox.width - 3, height: mapBox.height - 2), glyphs: glyphs)
        grid.box(barBox, title: "Layer \(state.cursor.layer) heads", glyphs: glyphs)
        guard state.training.norms != nil else {
            grid.put("norms appear every few steps", x: barBox.x + 2, y: barBox.y + 1, style: Style(.muted), limit: barBox.width - 4)
            return
        }
        let legendEnd = map.drawLegend(into: &grid, x: mapBox.x + 3, y: mapBox.maxY - 1, title: "", width: mapBox.width - 6, glyphs: glyphs)
        grid.put(" ", x: mapBox.x + 2, y: mapBox.maxY - 1)
        grid.put(" ", x: legendEnd, y: mapBox.maxY - 1)
        BarChart(values: values[state.cursor.layer], labels: (0..<shape.headCount).map(String.init), highlighted: state.cursor.head,
                 upper: map.scale.upper, scaleNote: "all layers")
            .draw(into: &grid, barBox.inset(1), glyphs: glyphs)
    }
}
