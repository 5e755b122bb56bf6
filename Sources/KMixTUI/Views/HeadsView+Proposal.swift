import Foundation
import KMix

extension HeadsView {
    /// A proposed plan against the current one: each head's rank change on the selected projection (a diverging
    /// scale around 0, numbers where they fit), its legend, and the proposed count against the budget.
    static func drawProposal(into grid: inout CellGrid, _ state: AppState, _ proposal: AllocationProposal, in box: Rect,
                             glyphs: GlyphSet) {
        let projection = state.projection.rawValue.uppercased()
        drawBox(into: &grid, box, title: "Heads · proposed \(projection) ranks − current",
                keys: "Enter apply, Esc discard, \(projectionKeys(state.keyMap)) projection", glyphs: glyphs)
        let inner = box.inset(1)
        let changes = proposal.rankChanges(from: state.plan, on: state.projection).map { $0.map(Double.init) }
        let map = HeatMap(values: changes, selected: state.cursor, showNumbers: true, diverging: true)
        map.draw(into: &grid, Rect(x: inner.x + 1, y: inner.y, width: inner.width - 1, height: inner.height - 3), glyphs: glyphs)
        map.drawLegend(into: &grid, x: inner.x + 1, y: inner.maxY - 2, title: "\(projection) rank change", width: inner.width - 2,
                       glyphs: glyphs)
        grid.put(countLine(proposal), x: inner.x + 1, y: inner.maxY - 1, style: Style(.accent, attributes: .bold),
                 limit: inner.width - 2)
    }

    /// The proposed plan's parameters against the budget: "proposed 151,872 of 152,064 (99.87 %)".
    static func countLine(_ proposal: AllocationProposal) -> String {
        let total = proposal.plan.adapterParameters.total
        return "proposed \(Format.count(total)) of \(Format.count(proposal.budget)) ("
            + String(format: "%.2f %%", 100 * Double(total) / Double(max(1, proposal.budget))) + ")"
    }
}
