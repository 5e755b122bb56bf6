import Foundation
import Testing

/// The real `kmix-tui` in tmux under a direct-colour terminfo entry: a theme's `#rrggbb` colours reach the pane as
/// 24-bit SGR, and the program starts and quits cleanly. Needs the `tmux-direct` entry (Debian's ncurses-term,
/// which `scripts/setup` installs).
extension EndToEndTests {
    static let hexTheme = """
        # Two hex colours; the other roles keep the terminal's default colours.
        text = #123456
        accent = #ff8000 bold
        """

    @Test(.enabled(if: enabled), .timeLimit(.minutes(2)))
    func trueColourReachesThePane() throws {
        let (tmux, folder) = try Self.freshShell(width: 100, height: 30)
        defer { Self.discard(tmux, folder) }
        let themes = folder.appendingPathComponent("config/kmix/themes")
        try FileManager.default.createDirectory(at: themes, withIntermediateDirectories: true)
        try Self.hexTheme.write(to: themes.appendingPathComponent("hex.theme"), atomically: true, encoding: .utf8)
        try tmux.send("infocmp tmux-direct >/dev/null && echo DIRECT-\"OK\"", literal: true)
        try tmux.send("Enter")
        let found = try tmux.wait(seconds: 5) { $0.contains("DIRECT-OK") }
        try #require(found.contains("DIRECT-OK"), "no tmux-direct terminfo entry: install ncurses-term (scripts/setup does)")

        let direct = try runWithHexTheme(tmux, "TERM=tmux-direct")
        #expect(direct.contains("38;2;18;52;86") && direct.contains("38;2;255;128;0"), "no 24-bit colour:\n\(direct)")
        let colorTerm = try runWithHexTheme(tmux, "COLORTERM=truecolor")
        #expect(colorTerm.contains("38;2;18;52;86") && colorTerm.contains("38;2;255;128;0"),
                "COLORTERM=truecolor did not switch to tmux-direct:\n\(colorTerm)")
        let palette = try runWithHexTheme(tmux, "")
        #expect(palette.contains("38;5;23") && palette.contains("38;5;208") && !palette.contains("38;2;"),
                "tmux-256color should show the nearest palette entries:\n\(palette)")
    }

    /// Runs `kmix-tui --theme hex` with `environment` before it, waits for the heads view, quits, checks that the
    /// shell prompt is back without curses residue, and returns the pane with its escapes as it was before quitting.
    private func runWithHexTheme(_ tmux: Tmux, _ environment: String) throws -> String {
        try tmux.send("clear", literal: true)
        try tmux.send("Enter")
        try Self.launch(tmux, "--theme hex", environment: environment)
        let screen = try tmux.wait { $0.contains("Heads ·") && $0.contains("L5") }
        #expect(screen.contains("Heads ·"), "heads view not shown under \(environment):\n\(screen)")
        let colored = try tmux.capture(escapes: true)
        try tmux.send("q")
        let after = try tmux.wait {
            Self.exited($0) && $0.split(separator: "\n").last?.hasPrefix("e2e$") == true
        }
        #expect(after.split(separator: "\n").last?.hasPrefix("e2e$") == true, "no shell prompt after quitting:\n\(after)")
        #expect(!after.contains("┌") && !after.contains("Adapters"), "curses residue after quitting:\n\(after)")
        return colored
    }
}
