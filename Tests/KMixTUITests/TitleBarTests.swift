import Testing
@testable import KMixTUI

/// The title bar keeps its tabs and the run's status whole at 80 columns, shortening the model's name.
@Suite struct TitleBarTests {
    @Test func aLongModelNameIsShortenedNotOverwritten() {
        var state = Fixtures.state()
        state.modelName = "sentence-transformers/all-MiniLM-L6-v2"
        state.training.status = .paused
        var grid = CellGrid(width: 80, height: 1)
        TitleBar.draw(into: &grid, state, width: 80)
        let line = grid.text
        #expect(line.contains(" F1 Heads ") && line.contains(" F2 Training ") && line.contains(" F3 Runs "), "\(line)")
        #expect(line.hasSuffix(" training: paused"), "\(line)")
        #expect(line.contains(" sentence-transform… "), "\(line)")
        grid = CellGrid(width: 160, height: 1)
        TitleBar.draw(into: &grid, state, width: 160)
        #expect(grid.text.contains(" sentence-transformers/all-MiniLM-L6-v2 "), "the whole name when it fits")
    }
}
