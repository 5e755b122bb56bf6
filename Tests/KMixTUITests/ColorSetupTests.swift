import Testing
@testable import KMixTUI

/// Colour detection from the environment and the terminfo entries installed (given here as a table).
@Suite struct ColorSetupTests {
    static let installed: [String: TerminfoColors] = [
        "xterm-256color": TerminfoColors(colors: 256), "tmux-256color": TerminfoColors(colors: 256),
        "xterm-direct": TerminfoColors(colors: 1 << 24, hasRGB: true), "tmux-direct": TerminfoColors(colors: 1 << 24, hasRGB: true),
        "xterm-direct256": TerminfoColors(colors: 1 << 24, hasRGB: true), "xterm-16color": TerminfoColors(colors: 16),
        "screen": TerminfoColors(colors: 8), "vt100": TerminfoColors(colors: 0),
        "only-rgb-flag": TerminfoColors(colors: 256, hasRGB: true), "only-colors": TerminfoColors(colors: 1 << 24),
    ]

    static func detect(_ environment: [String: String], mode: ColorMode = .auto,
                       installed: [String: TerminfoColors] = installed) throws(ColorSetupError) -> ColorSetup {
        try ColorSetup.detect(mode: mode, environment: environment) { installed[$0] }
    }

    static let trueColor = ColorSetup(depth: .trueColor, direct: true)

    @Test func aDirectColourEntryGivesTrueColour() throws {
        #expect(try Self.detect(["TERM": "xterm-direct"]) == Self.trueColor)
        #expect(try Self.detect(["TERM": "xterm-direct256"]) == Self.trueColor)
        #expect(try Self.detect(["TERM": "only-rgb-flag"]) == Self.trueColor)
        #expect(try Self.detect(["TERM": "only-colors"]) == Self.trueColor)
    }

    @Test func paletteEntriesGiveTheirColours() throws {
        #expect(try Self.detect(["TERM": "xterm-256color"]) == ColorSetup(depth: .palette256))
        #expect(try Self.detect(["TERM": "xterm-16color"]) == ColorSetup(depth: .ansi16))
        #expect(try Self.detect(["TERM": "screen"]) == ColorSetup(depth: .ansi8))
        #expect(try Self.detect(["TERM": "vt100"]) == .attributesOnly)
        #expect(try Self.detect(["TERM": "unknown-terminal"]) == .attributesOnly)
        #expect(try Self.detect([:]) == .attributesOnly)
    }

    @Test func colortermSwitchesToTheSameTerminalsDirectEntry() throws {
        #expect(try Self.detect(["TERM": "xterm-256color", "COLORTERM": "truecolor"])
                == ColorSetup(terminfo: "xterm-direct", depth: .trueColor, direct: true))
        #expect(try Self.detect(["TERM": "tmux-256color", "COLORTERM": "24bit"])
                == ColorSetup(terminfo: "tmux-direct", depth: .trueColor, direct: true))
        #expect(try Self.detect(["TERM": "xterm-256color", "COLORTERM": "TrueColor"]).terminfo == "xterm-direct")
    }

    @Test func colortermWithoutADirectEntryKeepsThePalette() throws {
        let noDirect = Self.installed.filter { !$0.value.isDirect }
        #expect(try Self.detect(["TERM": "xterm-256color", "COLORTERM": "truecolor"], installed: noDirect)
                == ColorSetup(depth: .palette256))
        #expect(try Self.detect(["TERM": "screen", "COLORTERM": "truecolor"]) == ColorSetup(depth: .ansi8))
        #expect(try Self.detect(["TERM": "xterm-256color", "COLORTERM": "yes"]) == ColorSetup(depth: .palette256))
    }

    @Test func noColorAndNeverGiveAttributesOnly() throws {
        #expect(try Self.detect(["TERM": "xterm-direct", "NO_COLOR": "1"]) == .attributesOnly)
        #expect(try Self.detect(["TERM": "xterm-direct"], mode: .never) == .attributesOnly)
        #expect(try Self.detect(["TERM": "xterm-direct", "NO_COLOR": ""]) == Self.trueColor)
        #expect(try Self.detect(["TERM": "xterm-direct", "NO_COLOR": "1"], mode: .always) == Self.trueColor)
        #expect(try Self.detect(["TERM": "xterm-256color", "NO_COLOR": "1"], mode: .palette256) == ColorSetup(depth: .palette256))
    }

    @Test func aForcedDepthBelowTheTerminalsIsUsed() throws {
        #expect(try Self.detect(["TERM": "xterm-256color"], mode: .ansi16) == ColorSetup(depth: .ansi16))
        #expect(try Self.detect(["TERM": "xterm-16color"], mode: .ansi8) == ColorSetup(depth: .ansi8))
        #expect(try Self.detect(["TERM": "xterm-direct"], mode: .palette256) == ColorSetup(depth: .palette256, direct: true))
        #expect(try Self.detect(["TERM": "tmux-direct"], mode: .trueColor) == Self.trueColor)
    }

    @Test func forcedTrueColourUsesTheDirectEntryWithoutColorterm() throws {
        #expect(try Self.detect(["TERM": "xterm-256color"], mode: .trueColor)
                == ColorSetup(terminfo: "xterm-direct", depth: .trueColor, direct: true))
    }

    @Test func aForcedDepthTheTerminalLacksIsAnError() {
        #expect(throws: ColorSetupError(description: "TERM=screen has 8 colours; use a smaller depth or auto")) {
            try Self.detect(["TERM": "screen"], mode: .palette256)
        }
        #expect(throws: ColorSetupError(description: "TERM=screen has 8 colours and no direct colour, and screen-direct "
                                        + "is not installed; set TERM to a direct-colour entry such as xterm-direct or "
                                        + "tmux-direct (on Debian in the ncurses-term package)")) {
            try Self.detect(["TERM": "screen"], mode: .trueColor)
        }
        #expect(throws: ColorSetupError.self) { try Self.detect(["TERM": "nowhere"], mode: .ansi8) }
    }

    @Test func directSiblings() {
        #expect(ColorSetup.directSibling(of: "xterm-256color") == "xterm-direct")
        #expect(ColorSetup.directSibling(of: "tmux-256color") == "tmux-direct")
        #expect(ColorSetup.directSibling(of: "xterm") == "xterm-direct")
        #expect(ColorSetup.directSibling(of: "xterm-color") == "xterm-direct")
        #expect(ColorSetup.directSibling(of: "xterm-direct") == nil)
        #expect(ColorSetup.directSibling(of: "") == nil)
    }
}
