import Foundation

/// A terminal in memory, for tests: what the app draws lands in cell grids, its keys come from a script at once,
/// and the script can change the terminal's size.
///
/// A script must end the app (with a quit key): when it has run out, or a `waitFor` step is not met within
/// `patience`, while the app still asks for keys, the backend stops the process with the screen's text, since
/// the app would otherwise wait for keys forever.
public final class PlainBackend: TerminalBackend {
    /// One step of the script.
    public enum Step: Sendable {
        /// A key press.
        case key(Key)
        /// The terminal takes this size; the app reads `Key.resize`.
        case resize(width: Int, height: Int)
        /// No key until the screen shows `text` (for work the app finishes in the background); the app reads no key
        /// for a frame at a time meanwhile.
        case waitFor(String)
    }

    /// The steps that type `text`, one character key each.
    public static func typing(_ text: String) -> [Step] {
        text.map { .key(.character($0)) }
    }

    /// The terminal's size in cells.
    public private(set) var size: (width: Int, height: Int)
    /// Every grid drawn, oldest first.
    public private(set) var frames: [CellGrid] = []
    /// How many times the app asked for a full repaint.
    public private(set) var invalidations = 0
    /// How many times the app suspended itself (Ctrl-Z).
    public private(set) var suspensions = 0
    /// The theme set last (nil: none since the start).
    public private(set) var theme: Theme?
    /// Whether the app gave the terminal back.
    public private(set) var isClosed = false
    private var script: ArraySlice<Step>
    private let patience: Duration
    /// When the first step of the script began to wait for its text.
    private var waitingSince: ContinuousClock.Instant?

    /// A `width` × `height` terminal whose keys are `script`; a `waitFor` step fails after `patience`.
    public init(width: Int, height: Int, script: [Step], patience: Duration = .seconds(20)) {
        size = (width, height)
        self.script = script[...]
        self.patience = patience
    }

    /// The last grid drawn (blank before the first).
    public var screen: CellGrid {
        frames.last ?? CellGrid(width: size.width, height: size.height)
    }

    /// Keeps `grid` as the screen.
    public func draw(_ grid: CellGrid) {
        frames.append(grid)
    }

    /// The script's next key at once; while the next step waits for text the screen does not show, none after
    /// `timeout`.
    public func readKey(timeout: Duration) -> Key? {
        guard let step = script.first else {
            fatalError("PlainBackend: the script ended while the app still reads keys; the screen:\n\(screen.text)")
        }
        switch step {
        case let .key(key):
            script.removeFirst()
            return key
        case let .resize(width, height):
            script.removeFirst()
            size = (width, height)
            return .resize
        case let .waitFor(text):
            if screen.text.contains(text) {
                script.removeFirst()
                waitingSince = nil
                return readKey(timeout: timeout)
            }
            let now = ContinuousClock.now
            if let waitingSince, now - waitingSince > patience {
                fatalError("PlainBackend: waited \(patience) for \"\(text)\"; the screen:\n\(screen.text)")
            }
            waitingSince = waitingSince ?? now
            Thread.sleep(forTimeInterval: Double(timeout.components.seconds) + Double(timeout.components.attoseconds) * 1e-18)
            return nil
        }
    }

    /// Counts the request; the next `draw` is kept like any other.
    public func invalidate() {
        invalidations += 1
    }

    /// Counts the suspension.
    public func suspend() {
        suspensions += 1
    }

    /// Keeps `theme`.
    public func setTheme(_ theme: Theme) {
        self.theme = theme
    }

    /// Marks the terminal given back.
    public func close() {
        isClosed = true
    }
}
