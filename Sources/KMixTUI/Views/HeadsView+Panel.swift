import KMix

extension HeadsView {
    /// The selected head's ranks and parameters (in the plan shown; beside a proposal, its proposed ranks), its
    /// adapter norm, its probe statistics and the task data.
    static func drawPanel(into grid: inout CellGrid, _ state: AppState, _ panel: Rect, glyphs: GlyphSet) {
        let position = state.cursor, plan = state.shownPlan
        grid.box(panel, title: "Layer \(position.layer) · head \(position.head)", glyphs: glyphs)
        let inner = panel.inset(1)
        let x = inner.x + 1, width = inner.width - 2
        var y = inner.y
        let counts = plan.headParameters(layer: position.layer, head: position.head)
        for projection in Projection.allCases {
            let active = projection == state.projection
            let rank = plan.layers[position.layer].ranks(projection)[position.head]
            let marker = active ? "▶" : " "
            let lead = "\(marker) \(projection.rawValue.uppercased()) rank \(Format.fit(String(rank), 3))"
            let line: String
            if let proposal = state.allocation.proposal {
                line = lead + " → \(Format.fit(String(proposal.plan.layers[position.layer].ranks(projection)[position.head]), 3)) proposed"
            } else {
                line = lead + " \(Format.fit(Format.count(counts[projection]), 7)) params"
            }
            grid.put(line, x: x, y: y, style: Style(active ? .accent : .text, attributes: active ? .bold : []), limit: width)
            y += 1
        }
        let shared = plan.layers[position.layer]
        y = Table.draw(into: &grid, rows: [
            ("head total", "\(Format.count(counts.total)) params"),
            ("head width", "dh \(state.shape.headSize) · d \(state.shape.hiddenSize)"),
            ("layer", "\(Format.count(plan.layerParameters(position.layer).total)) params"),
            ("shared", "q \(shared.sharedRank(.query)) v \(shared.sharedRank(.value)) o \(shared.sharedRank(.output))"),
        ], x: x, y: y + 1, width: width)
        y += 1
        let history = state.training.normHistory.map { Double($0[position.layer][position.head]) }
        if let latest = history.last {
            Table.draw(into: &grid, rows: [("adapter norm", Format.tick(latest))], x: x, y: y, width: width)
            grid.put(Sparkline.render(history, width: width, glyphs: glyphs), x: x, y: y + 1, style: Style(.series1))
        } else {
            grid.put(Format.truncate("adapter norm: train (\(state.keyMap.keyLabel(.train))) first", width), x: x, y: y, style: Style(.muted))
        }
        y += 3
        y = drawProbe(into: &grid, state, x: x, y: y, width: width, bottom: inner.maxY)
        drawData(into: &grid, state, x: x, y: y, width: width, bottom: inner.maxY)
    }

    /// The selected head's probe statistics under what they describe (marked when the adapters changed since),
    /// or how to get them; returns the next free row.
    private static func drawProbe(into grid: inout CellGrid, _ state: AppState, x: Int, y: Int, width: Int, bottom: Int) -> Int {
        guard y < bottom else { return y }
        guard let statistics = state.probe.statistics, let subject = state.probe.subject else {
            let text = state.probe.isRunning ? "head statistics: probing…"
                : "head statistics: \(state.keyMap.keyLabel(.probe)) to probe"
            grid.put(Format.truncate(text, width), x: x, y: y, style: Style(.muted))
            return y + 2
        }
        var y = y
        let outdated = state.probeIsOutdated
        grid.put(Format.truncate("probe: \(subject.label)", width), x: x, y: y, style: Style(outdated ? .warning : .muted))
        y += 1
        if outdated, y < bottom {
            grid.put(Format.truncate("outdated: \(state.keyMap.keyLabel(.probe)) probes again", width), x: x, y: y, style: Style(.warning))
            y += 1
        }
        let layer = state.cursor.layer, head = state.cursor.head
        let rows = [("entropy", Format.tick(Double(statistics.entropy[layer][head])) + " nats"),
                    ("distance", Format.tick(Double(statistics.distance[layer][head])) + " tokens"),
                    ("importance", Format.tick(Double(statistics.importance[layer][head]))),
                    ("  of layer", Format.tick(Double(statistics.layerNormalizedImportance[layer][head])))]
        return Table.draw(into: &grid, rows: Array(rows.prefix(max(0, bottom - y))), x: x, y: y, width: width) + 1
    }

    /// Where the task's data is, its path shortened from the left; or, wrapped, why there is none.
    private static func drawData(into grid: inout CellGrid, _ state: AppState, x: Int, y: Int, width: Int, bottom: Int) {
        guard state.data.isFound else {
            let lines = Format.wrap("\(state.data.name) data: \(state.dataDescription)", width: width, lines: bottom - y)
            for (index, line) in lines.enumerated() { grid.put(line, x: x, y: y + index, style: Style(.warning)) }
            return
        }
        guard y < bottom else { return }
        let lead = "\(state.data.name) data in ", note = state.data.located?.isShippedSample == true ? " (sample)" : ""
        let place = Format.relativePath(state.data.located?.place ?? "", to: state.workingDirectory)
        grid.put(lead + Format.path(place, width - lead.cellWidth - note.cellWidth) + note, x: x, y: y, style: Style(.muted),
                 limit: width)
    }
}
