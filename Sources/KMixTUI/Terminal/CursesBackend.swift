import CNCursesW
import Foundation
import Glibc

/// The terminal could not be started.
public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
}

/// The ncurses backend: the only code that draws on the terminal. Use it from the main thread only.
public final class CursesBackend: TerminalBackend {
    private let window: UnsafeMutablePointer<WINDOW>
    /// The colours and attributes of styles, from the theme in use.
    private var colors: CursesColors
    /// Whether the locale is UTF-8, so that Unicode glyphs can be drawn.
    public let isUTF8: Bool
    private var previous: CellGrid?
    /// The input timeout set on the window, in milliseconds (nil: none set yet).
    private var timeout: Int32?

    /// Starts curses mode on `colors.terminfo` (else `$TERM`): UTF-8 locale, raw keys, no echo, hidden cursor,
    /// colours per `colors` and `theme`.
    public init(theme: Theme, colors: ColorSetup) throws(TerminalError) {
        precondition(Thread.isMainThread, "ncurses is used from the main thread only")
        setlocale(LC_ALL, "")
        isUTF8 = String(cString: nl_langinfo(nl_item(CODESET))).uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"
        set_escdelay(25)
        guard let window = kmix_start(colors.terminfo) else {
            let name = colors.terminfo ?? ProcessInfo.processInfo.environment["TERM"] ?? ""
            throw TerminalError(description: "cannot start the terminal: no terminfo entry for TERM=\(name)")
        }
        self.window = window
        TerminalGuard.install()
        raw()
        noecho()
        nonl()
        keypad(window, true)
        curs_set(0)
        let setup: ColorSetup
        if let depth = colors.depth, has_colors(), start_color() == OK,
           let available = ColorDepth(terminalColors: Int(kmix_colors())) {
            use_default_colors()
            setup = ColorSetup(terminfo: colors.terminfo, depth: min(depth, available), direct: colors.direct)
        } else {
            setup = ColorSetup(terminfo: colors.terminfo, depth: nil)
        }
        self.colors = CursesColors(theme: theme, setup: setup)
    }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(kmix_cols(window)), Int(kmix_lines(window)))
    }

    /// Waits up to `timeout` (whole milliseconds) for a key; nil when none came.
    public func readKey(timeout: Duration) -> Key? {
        let (seconds, attoseconds) = timeout.components
        let milliseconds = Int32(clamping: seconds * 1_000 + attoseconds / 1_000_000_000_000_000)
        if milliseconds != self.timeout {
            wtimeout(window, milliseconds)
            self.timeout = milliseconds
        }
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == KEY_CODE_YES { return CursesKeys.functionKey(Int32(character)) }
        guard result == OK else { return nil }
        return CursesKeys.key(character)
    }

    /// Shows `grid`, writing only the cells that changed since the last call; a changed row that holds a wide
    /// character, now or before, is written whole, since a wide character covers its neighbour.
    public func draw(_ grid: CellGrid) {
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { werase(window) }
        for y in 0..<grid.height {
            let before = full ? nil : previous
            if let before, !(0..<grid.width).contains(where: { before[$0, y] != grid[$0, y] }) { continue }
            let whole = before.map { Self.hasWideCharacter($0, row: y) || Self.hasWideCharacter(grid, row: y) } ?? true
            for x in 0..<grid.width where !grid[x, y].isContinuation {
                if !whole, let before, before[x, y] == grid[x, y] { continue }
                put(grid[x, y], x: x, y: y)
            }
        }
        previous = grid
        wrefresh(window)
    }

    private static func hasWideCharacter(_ grid: CellGrid, row y: Int) -> Bool {
        (0..<grid.width).contains { grid[$0, y].isContinuation }
    }

    /// Writes `cell`: its character with its combining marks when the terminal's locale gives it the width the grid
    /// gave it, else "?" (then a space in the second cell of a wide character).
    private func put(_ cell: Cell, x: Int, y: Int) {
        let (attributes, pair) = colors.resolve(cell.style)
        var text = Self.characters(cell.character, width: cell.width)
        if text.isEmpty {
            text = [63, 0]
            if cell.width == 2 { _ = kmix_put(window, Int32(y), Int32(x + 1), [32, 0], attributes, pair) }
        }
        _ = kmix_put(window, Int32(y), Int32(x), text, attributes, pair)
    }

    /// `character` as the 0-ended wide characters of one cell: its first scalar when the locale's `wcwidth` is
    /// `width`, with the combining marks after it that the cell holds; empty when it cannot be drawn so.
    private static func characters(_ character: Character, width: Int) -> [wchar_t] {
        let scalars = character.unicodeScalars.map { wchar_t(bitPattern: $0.value) }
        guard let first = scalars.first, wcwidth(first) == width else { return [] }
        let marks = scalars.dropFirst().prefix { wcwidth($0) == 0 }.prefix(Int(kmix_cell_characters()) - 1)
        return [first] + marks + [0]
    }

    /// Draws from now on with `theme`; the next `draw` repaints everything.
    public func setTheme(_ theme: Theme) {
        colors.setTheme(theme)
        previous = nil
    }

    /// Forgets what is on screen so that the next `draw` repaints everything (after a resize).
    public func invalidate() {
        previous = nil
    }

    /// Ctrl-Z: leaves curses mode, stops the process, and on resume repaints.
    public func suspend() {
        kmix_restore_terminal()
        let previousHandler = signal(SIGTSTP, SIG_DFL)
        raise(SIGTSTP)
        signal(SIGTSTP, previousHandler)
        clearok(window, true)
        wrefresh(window)
        previous = nil
    }

    /// Leaves curses mode and restores the terminal.
    public func close() {
        kmix_restore_terminal()
    }
}
