import Testing
@testable import KMixTUI

/// Theme colours: parsing, and the one mapping to what a terminal shows at each depth.
@Suite struct ThemeColorTests {
    @Test func hexColoursStayRGB() {
        #expect(ThemeColor(parsing: "#FF8000") == .rgb(RGB(255, 128, 0)))
        #expect(ThemeColor(parsing: "#ff800") == nil)
        #expect(ThemeColor(parsing: "#ff80zz") == nil)
        #expect(ThemeColor(parsing: "#+12345") == nil)
    }

    @Test func hexColoursInThemeFilesAreNotComments() throws {
        let theme = try ThemeFile.parse("""
            # a comment
            text = #123456   # with a comment
            accent = "#ff8000" bold
            #abcdef is a comment at the start of a line
            muted = 245 #not a colour
            """, name: "t", file: "t.theme")
        #expect(theme.entry(.text).color == .rgb(RGB(0x12, 0x34, 0x56)))
        #expect(theme.entry(.accent) == Theme.Entry(.rgb(RGB(255, 128, 0)), .bold))
        #expect(theme.entry(.muted).color == .index(245))
    }

    @Test func trueColourIsExact() {
        let orange = ThemeColor.rgb(RGB(255, 128, 0))
        #expect(orange.number(depth: .trueColor, direct: true) == 0xFF8000)
        #expect(ThemeColor.rgb(RGB(0x12, 0x34, 0x56)).number(depth: .trueColor, direct: true) == 0x123456)
    }

    @Test func directEntriesReadLowNumbersAsPaletteIndices() {
        // xterm-direct sends numbers below 8 (xterm-direct256: 256) as palette colours: no red and no green
        // would be read as an index, so green becomes 1.
        #expect(ThemeColor.rgb(RGB(0, 0, 0)).number(depth: .trueColor, direct: true) == 0x000100)
        #expect(ThemeColor.rgb(RGB(0, 0, 200)).number(depth: .trueColor, direct: true) == 0x0001C8)
        #expect(ThemeColor.rgb(RGB(1, 0, 0)).number(depth: .trueColor, direct: true) == 0x010000)
    }

    @Test func paletteEntriesOnADirectEntry() {
        // 0-7 stay indices (the user's palette); the rest are sent as xterm's RGB for them.
        #expect(ThemeColor.index(3).number(depth: .trueColor, direct: true) == 3)
        #expect(ThemeColor.index(81).number(depth: .trueColor, direct: true) == 0x5FD7FF)
        #expect(ThemeColor.index(252).number(depth: .trueColor, direct: true) == 0xD0D0D0)
        #expect(ThemeColor.index(9).number(depth: .ansi16, direct: true) == 0xFF0000)
        #expect(ThemeColor.index(196).number(depth: .ansi8, direct: true) == 1)
    }

    @Test func rgbMapsToTheNearestPaletteEntry() {
        let orange = ThemeColor.rgb(RGB(255, 128, 0))
        #expect(orange.number(depth: .palette256, direct: false) == 208)
        #expect(orange.number(depth: .ansi16, direct: false) == 3)
        #expect(orange.number(depth: .ansi8, direct: false) == 3)
        // At 256 the 16 user-configurable entries are skipped: pure red is cube entry 196, not 9.
        #expect(ThemeColor.rgb(RGB(255, 0, 0)).number(depth: .palette256, direct: false) == 196)
        #expect(ThemeColor.rgb(RGB(128, 128, 128)).number(depth: .palette256, direct: false) == 244)
        // A 256 depth forced on a direct entry sends the chosen entry's RGB.
        #expect(orange.number(depth: .palette256, direct: true) == 0xFF8700)
        // True colour without a direct entry cannot be sent: the nearest of 256.
        #expect(orange.number(depth: .trueColor, direct: false) == 208)
    }

    @Test func paletteIndicesMapDown() {
        #expect(ThemeColor.index(196).number(depth: .palette256, direct: false) == 196)
        #expect(ThemeColor.index(196).number(depth: .ansi16, direct: false) == 9)
        #expect(ThemeColor.index(196).number(depth: .ansi8, direct: false) == 1)
        #expect(ThemeColor.index(12).number(depth: .ansi16, direct: false) == 12)
        #expect(ThemeColor.terminalDefault.number(depth: .trueColor, direct: true) == -1)
        #expect(ThemeColor.terminalDefault.number(depth: .ansi8, direct: false) == -1)
    }

    @Test func thePaletteIsXterms() {
        #expect(Palette.rgb(16) == RGB(0, 0, 0))
        #expect(Palette.rgb(81) == RGB(95, 215, 255))
        #expect(Palette.rgb(231) == RGB(255, 255, 255))
        #expect(Palette.rgb(232) == RGB(8, 8, 8))
        #expect(Palette.rgb(255) == RGB(238, 238, 238))
        for index in 16..<256 {
            #expect(Palette.nearest(Palette.rgb(index), among: 16..<256) == index)
        }
    }
}
