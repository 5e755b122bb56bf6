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

    /// Shows `grid`, writing only the cells that changed since the last call.
    public func draw(_ grid: CellGrid) {
        let full = previous.map { $0.width != grid.width || $0.height != grid.height } ?? true
        if full { werase(window) }
        for y in 0..<grid.height {
            for x in 0..<grid.width {
                let cell = grid[x, y]
                if !full, let previous, previous[x, y] == cell { continue }
                put(cell, x: x, y: y)
            }
        }
        previous = grid
        wrefresh(window)
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var scalar = cell.character.unicodeScalars.first.map { Int32(bitPattern: $0.value) } ?? 32
        if cell.character.unicodeScalars.count > 1 || wcwidth(scalar) != 1 { scalar = 63 }
        let (attributes, pair) = colors.resolve(cell.style)
        _ = kmix_put(window, Int32(y), Int32(x), scalar, attributes, pair)
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
