import CNCursesW
import Foundation
import Glibc

/// The terminal could not be started.
public struct TerminalError: Error, CustomStringConvertible {
    public let description: String
}

/// The ncurses backend: the only code that talks to the terminal. Use it from the main thread only.
public final class Terminal {
    private let window: UnsafeMutablePointer<WINDOW>
    private var theme: Theme
    /// How colour is drawn (attributes only when the terminal turned out to have no colour).
    private let colorSetup: ColorSetup
    /// Whether the locale is UTF-8, so that Unicode glyphs can be drawn.
    public let isUTF8: Bool
    private var previous: CellGrid?
    private var roleColors: [ColorRole: Int] = [:]
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1

    private struct PairKey: Hashable {
        let foreground: Int
        let background: Int
    }

    /// Starts curses mode on `colors.terminfo` (else `$TERM`): UTF-8 locale, raw keys, no echo, hidden cursor,
    /// colours per `colors` and `theme`; `readKey` waits at most one frame of `refreshRate` frames per second.
    public init(theme: Theme, colors: ColorSetup, refreshRate: Int = 30) throws(TerminalError) {
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
        wtimeout(window, Int32(1_000 / max(1, refreshRate)))
        if let depth = colors.depth, has_colors(), start_color() == OK,
           let available = ColorDepth(terminalColors: Int(kmix_colors())) {
            use_default_colors()
            colorSetup = ColorSetup(terminfo: colors.terminfo, depth: min(depth, available), direct: colors.direct)
        } else {
            colorSetup = ColorSetup(terminfo: colors.terminfo, depth: nil)
        }
        self.theme = theme
        roleColors = Self.roleColors(theme, colorSetup)
    }

    /// The colour number of each role in `theme` (empty without colour).
    private static func roleColors(_ theme: Theme, _ setup: ColorSetup) -> [ColorRole: Int] {
        guard let depth = setup.depth else { return [:] }
        return Dictionary(uniqueKeysWithValues: ColorRole.allCases.map {
            ($0, theme.entry($0).color.number(depth: depth, direct: setup.direct))
        })
    }

    /// The terminal's size in cells.
    public var size: (width: Int, height: Int) {
        (Int(kmix_cols(window)), Int(kmix_lines(window)))
    }

    /// Waits up to the input timeout for a key; nil when none came.
    public func readKey() -> Key? {
        var character: wint_t = 0
        let result = wget_wch(window, &character)
        if result == KEY_CODE_YES { return functionKey(Int32(character)) }
        guard result == OK else { return nil }
        switch character {
        case 10, 13: return .enter
        case 9: return .tab
        case 27: return .escape
        case 8, 127: return .backspace
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(character) + 96)))
        default:
            return Unicode.Scalar(character).map { .character(Character($0)) }
        }
    }

    private func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_RESIZE: return .resize
        case (KEY_F0 + 1)...(KEY_F0 + 12): return .function(Int(code - KEY_F0))
        default: return nil
        }
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
        let (attributes, pair) = resolve(cell.style)
        _ = kmix_put(window, Int32(y), Int32(x), scalar, attributes, pair)
    }

    private func resolve(_ style: Style) -> (attr_t, Int32) {
        var attributes = style.attributes
        var pair: Int32 = 0
        if colorSetup.depth != nil {
            attributes.formUnion(theme.entry(style.foreground).attributes)
            pair = pairNumber(PairKey(foreground: roleColors[style.foreground] ?? -1,
                                      background: roleColors[style.background] ?? -1))
        } else {
            attributes.formUnion(Theme.monochromeAttributes(style.foreground))
        }
        var result = kmix_a_normal()
        if attributes.contains(.bold) { result |= kmix_a_bold() }
        if attributes.contains(.dim) { result |= kmix_a_dim() }
        if attributes.contains(.reverse) { result |= kmix_a_reverse() }
        if attributes.contains(.underline) { result |= kmix_a_underline() }
        return (result, pair)
    }

    private func pairNumber(_ key: PairKey) -> Int32 {
        if key.foreground < 0 && key.background < 0 { return 0 }
        if let pair = pairs[key] { return pair }
        guard nextPair < kmix_color_pairs() else { return 0 }
        let pair = nextPair
        nextPair += 1
        _ = kmix_init_pair(pair, Int32(key.foreground), Int32(key.background))
        pairs[key] = pair
        return pair
    }

    /// Draws from now on with `theme`; the next `draw` repaints everything.
    public func setTheme(_ theme: Theme) {
        self.theme = theme
        roleColors = Self.roleColors(theme, colorSetup)
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
