import KMix

/// The home screen: the layers × heads heat map with its legend, and the selected head's details. A proposed plan
/// (auto-allocate) is shown as each head's rank change until it is applied or discarded; a reallocating run's plan
/// takes the editable plan's place in the rank and parameter maps (`AppState.runPlan`).
public enum HeadsView {
    /// Draws the screen into `area`.
    public static func draw(into grid: inout CellGrid, _ state: AppState, in area: Rect, glyphs: GlyphSet) {
        let panelWidth = min(52, max(34, area.width * 3 / 10))
        let (left, panel) = area.splitLeft(area.width - panelWidth)
        if let proposal = state.allocation.proposal {
            drawProposal(into: &grid, state, proposal, in: left, glyphs: glyphs)
        } else {
            drawMetric(into: &grid, state, in: left, glyphs: glyphs)
        }
        drawPanel(into: &grid, state, panel, glyphs: glyphs)
    }

    /// The heat map of the current metric, its legend, and the selected layer's shared ranks.
    private static func drawMetric(into grid: inout CellGrid, _ state: AppState, in box: Rect, glyphs: GlyphSet) {
        drawBox(into: &grid, box, title: "Heads · \(metricTitle(state))" + runPlanNote(state), keys: keyHint(state.keyMap),
                glyphs: glyphs)
        let inner = box.inset(1)
        let map = HeatMap(values: state.metricValues(state.metric), selected: state.cursor, showNumbers: state.metric == .rank,
                          relative: state.metric.isProbed)
        map.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height - 3), glyphs: glyphs)
        map.drawLegend(into: &grid, x: inner.x + 1, y: inner.maxY - 2, title: metricTitle(state), width: inner.width - 2, glyphs: glyphs)
        grid.put(layerLine(state), x: inner.x + 1, y: inner.maxY - 1, style: Style(.muted), limit: inner.width - 2)
    }

    /// The heat map's box, titled with `keys` after the title when both fit.
    static func drawBox(into grid: inout CellGrid, _ box: Rect, title: String, keys: String, glyphs: GlyphSet) {
        let keys = " · " + keys
        grid.box(box, title: title.cellWidth + keys.cellWidth <= box.width - 6 ? title + keys : title, glyphs: glyphs)
    }

    /// The heat map box's keys: "Tab/Q/V/O projection, m metric" with the keys of `keyMap`.
    static func keyHint(_ keyMap: KeyMap) -> String {
        "\(projectionKeys(keyMap)) projection, \(keyMap.keyLabel(.metric)) metric"
    }

    /// The keys that choose the projection: "Tab/Q/V/O".
    static func projectionKeys(_ keyMap: KeyMap) -> String {
        [ActionName.projection, .editQ, .editV, .editO].map(keyMap.keyLabel).joined(separator: "/")
    }

    /// The heat map's title for the current metric.
    static func metricTitle(_ state: AppState) -> String {
        switch state.metric {
        case .rank: return "\(state.projection.rawValue.uppercased()) rank"
        case .parameters: return "parameters per head"
        case .norm: return state.training.norms == nil ? "adapter norm (no run yet)" : "adapter norm"
        case .entropy, .distance, .importance:
            let title = state.metric.title
            if state.probe.isRunning { return "\(title) (probing…)" }
            guard state.probe.statistics != nil else { return "\(title) (\(state.keyMap.keyLabel(.probe)) probes)" }
            if state.probeIsOutdated, let subject = state.probe.subject { return "\(title) (\(subject.label))" }
            return title
        }
    }

    /// What the title adds when the rank or parameter map shows a reallocating run's plan.
    static func runPlanNote(_ state: AppState) -> String {
        guard let report = state.runPlan, state.metric == .rank || state.metric == .parameters else { return "" }
        return " · run's plan after step \(report.step) (reallocated)"
    }

    private static func layerLine(_ state: AppState) -> String {
        let layer = state.cursor.layer, plan = state.shownPlan
        let shared = Projection.allCases.map { "\($0.rawValue) \(plan.layers[layer].sharedRank($0))" }.joined(separator: " ")
        return "L\(layer) shared ranks \(shared) · layer \(Format.count(plan.layerParameters(layer).total)) params"
    }
}
