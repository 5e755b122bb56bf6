import Testing
@testable import KMixTUI

/// Editing a line with a cursor: the shell keys, and the window a long line shows.
@Suite struct LineEditorTests {
    func edited(_ text: String, _ edits: [LineEditor.Edit]) -> LineEditor {
        var line = LineEditor(text)
        for edit in edits { line.apply(edit) }
        return line
    }

    @Test func typingAndDeletingHappenAtTheCursor() {
        #expect(LineEditor("rank 4").cursor == 6, "a new line starts with the cursor at its end")
        let inserted = edited("rnk 4", [.home, .right, .insert("a")])
        #expect(inserted.text == "rank 4")
        #expect(inserted.cursor == 2)
        #expect(edited("rank 4", [.left, .deleteBackward]).text == "rank4")
        #expect(edited("rank 4", [.home, .deleteForward]).text == "ank 4")
        #expect(edited("rank 4", [.end, .deleteForward]).text == "rank 4", "Delete at the end does nothing")
        #expect(edited("rank 4", [.home, .deleteBackward]).text == "rank 4", "Backspace at the start does nothing")
    }

    @Test func wordAndLineDeletions() {
        #expect(edited("save runs/a  ", [.deleteWordBackward]).text == "save ")
        #expect(edited("save runs/a", [.deleteWordBackward, .deleteWordBackward]).text == "")
        let cut = edited("export peft out", [.left, .left, .left, .left, .deleteToStart])
        #expect(cut.text == " out")
        #expect(cut.cursor == 0)
        #expect(edited("export peft out", [.home, .right, .deleteToEnd]).text == "e")
        #expect(edited("rank 4", [.deleteToStart]).text == "", "Ctrl-U at the end clears the line")
    }

    @Test func movesStopAtTheEnds() {
        #expect(edited("ab", [.right, .right]).cursor == 2)
        #expect(edited("ab", [.left, .left, .left]).cursor == 0)
        #expect(edited("ab", [.home, .end]).cursor == 2)
    }

    @Test func applyTellsWhetherTheTextChanged() {
        var line = LineEditor("ab")
        #expect(line.apply(.left) == false)
        #expect(line.apply(.insert("x")) == true)
        #expect(line.text == "axb")
    }

    @Test func aLongLineShowsAWindowAroundTheCursor() {
        let line = LineEditor("0123456789")
        #expect(line.visible(width: 11) == ("0123456789", 10), "fits with a cell for the cursor")
        #expect(line.visible(width: 4) == ("789", 3), "the end, and the cursor after it")
        let start = edited("0123456789", [.home])
        #expect(start.visible(width: 4) == ("0123", 0))
        let middle = edited("0123456789", [.home, .right, .right, .right, .right, .right])
        #expect(middle.visible(width: 4) == ("2345", 3))
    }

    @Test func theCursorIsDrawnOnItsCharacterOrAfterTheLine() {
        var grid = CellGrid(width: 12, height: 1)
        EditedLine.draw(into: &grid, edited("rank", [.left]), x: 0, y: 0, width: 10)
        #expect(grid[3, 0].character == "k")
        #expect(grid[3, 0].style.attributes.contains(.reverse))
        #expect(!grid[2, 0].style.attributes.contains(.reverse))
        grid = CellGrid(width: 12, height: 1)
        let end = EditedLine.draw(into: &grid, LineEditor("rank"), x: 0, y: 0, width: 10)
        #expect(grid[4, 0].character == "▏")
        #expect(end == 5)
    }
}
