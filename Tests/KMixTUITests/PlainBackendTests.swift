import Testing
@testable import KMixTUI

/// The plain backend: scripted keys and sizes, frames kept in memory.
@Suite struct PlainBackendTests {
    @Test func keysAndSizesComeFromTheScript() {
        let backend = PlainBackend(width: 80, height: 24, script: PlainBackend.typing("ab") + [.resize(width: 90, height: 30)])
        #expect(backend.readKey(timeout: .zero) == .character("a"))
        #expect(backend.readKey(timeout: .zero) == .character("b"))
        #expect(backend.readKey(timeout: .zero) == .resize)
        #expect(backend.size == (90, 30))
    }

    @Test func aWaitHoldsKeysUntilTheScreenShowsItsText() {
        let backend = PlainBackend(width: 10, height: 1, script: [.waitFor("ready"), .key(.enter)])
        #expect(backend.readKey(timeout: .milliseconds(1)) == nil)
        var grid = CellGrid(width: 10, height: 1)
        grid.put("ready", x: 0, y: 0)
        backend.draw(grid)
        #expect(backend.readKey(timeout: .milliseconds(1)) == .enter)
    }

    @Test func theScreenShowsWideCharactersInTwoCells() {
        let backend = PlainBackend(width: 6, height: 1, script: [])
        var grid = CellGrid(width: 6, height: 1)
        grid.put("a実験漢", x: 0, y: 0)
        backend.draw(grid)
        #expect(backend.screen.text == "a実験…")
        #expect(backend.screen.cells.map(\.width) == [1, 2, 0, 2, 0, 1])
    }
}
