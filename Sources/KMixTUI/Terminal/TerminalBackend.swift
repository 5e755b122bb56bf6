/// Where the app draws its cell grids and reads its keys: the terminal (`CursesBackend`) or a terminal in memory
/// (`PlainBackend`, for tests). `App` uses a backend from one thread only.
public protocol TerminalBackend: AnyObject {
    /// The size in cells.
    var size: (width: Int, height: Int) { get }
    /// Shows `grid`, which has the backend's `size` (a backend may write only the cells that changed).
    func draw(_ grid: CellGrid)
    /// Waits up to `timeout` for a key; nil when none came. A change of size reads as `Key.resize`.
    func readKey(timeout: Duration) -> Key?
    /// Forgets what is on screen so that the next `draw` repaints everything (after a resize).
    func invalidate()
    /// Ctrl-Z: gives the terminal back to the shell until the process is continued, then repaints.
    func suspend()
    /// Draws from now on with `theme`; the next `draw` repaints everything.
    func setTheme(_ theme: Theme)
    /// Gives the terminal back, as it was before the app started.
    func close()
}
