import Testing
@testable import KMixTUI

/// Wide characters (CJK, full-width, most emoji) take two cells in the grid, in text fitted to a width, and in an
/// edited line.
@Suite struct WideCharacterTests {
    @Test func widthsFollowTheTerminalsTable() {
        #expect(Character("a").cellWidth == 1 && Character("…").cellWidth == 1 && Character("é").cellWidth == 1)
        #expect(Character("漢").cellWidth == 2 && Character("ア").cellWidth == 2 && Character("한").cellWidth == 2)
        #expect(Character("Ａ").cellWidth == 2 && Character("🙂").cellWidth == 2)
        #expect("runs/実験".cellWidth == 9)
    }

    @Test func aWideCharacterTakesTwoCells() {
        var grid = CellGrid(width: 8, height: 1)
        #expect(grid.put("a漢b", x: 0, y: 0) == 4)
        #expect(grid[1, 0].character == "漢" && grid[1, 0].width == 2)
        #expect(grid[2, 0].isContinuation && grid[2, 0].width == 0)
        #expect(grid[3, 0].character == "b")
        #expect(grid.text == "a漢b")
    }

    @Test func aWideCharacterThatDoesNotFitIsAnEllipsis() {
        var grid = CellGrid(width: 4, height: 2)
        #expect(grid.put("abc漢", x: 0, y: 0) == 4, "the last column")
        #expect(grid.put("a漢字", x: 0, y: 1, limit: 4) == 4, "the limit")
        #expect(grid.text == "abc…\na漢…")
        var clipped = CellGrid(width: 6, height: 1)
        clipped.clip = Rect(x: 0, y: 0, width: 3, height: 1)
        clipped.put("a漢字", x: 0, y: 0)
        #expect(clipped.text == "a漢", "the clip")
        clipped.clip = clipped.bounds
        clipped.put("字", x: 5, y: 0)
        #expect(clipped.text == "a漢  …")
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var grid = CellGrid(width: 6, height: 1)
        grid.put("漢字", x: 0, y: 0)
        grid.put("x", x: 1, y: 0)
        #expect(grid.text == " x字")
        grid.put("y", x: 2, y: 0)
        #expect(grid.text == " xy")
        #expect(!grid[3, 0].isContinuation)
        grid.put("漢", x: 3, y: 0)
        grid.put("字", x: 2, y: 0)
        #expect(grid.text == " x字", "a wide character over the left half of another")
        grid[3, 0] = grid[3, 0]
        #expect(grid.text == " x", "a continuation set on its own is a space")
    }

    @Test func textIsFittedInCells() {
        #expect(Format.truncate("漢字漢字", 5) == "漢字…")
        #expect(Format.truncate("漢字漢字", 4) == "漢…", "a wide character does not straddle the cut")
        #expect(Format.fit("漢", 3) == "漢 ")
        #expect(Format.path("data/実験/データ.tsv", 12) == "…/データ.tsv")
        #expect(Format.wrap("漢字 漢字", width: 5, lines: 2) == ["漢字", "漢字"])
    }

    @Test func anEditedLineScrollsByCells() {
        let line = LineEditor("漢字かな")
        #expect(line.visible(width: 9) == ("漢字かな", 8))
        #expect(line.visible(width: 5) == ("かな", 4), "the end, and a cell for the cursor after it")
        var grid = CellGrid(width: 10, height: 1)
        var home = line
        home.apply(.home)
        home.apply(.right)
        EditedLine.draw(into: &grid, home, x: 0, y: 0, width: 10)
        #expect(grid[2, 0].character == "字" && grid[2, 0].style.attributes.contains(.reverse))
        #expect(grid.text == "漢字かな", "no end-of-line cursor: the cursor is on 字")
    }
}
