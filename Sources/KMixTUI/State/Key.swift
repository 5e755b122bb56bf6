/// A key press, decoded from the terminal.
public enum Key: Hashable, Sendable {
    case character(Character)
    case control(Character)
    case up, down, left, right
    case enter, escape, backspace, delete, tab, backTab
    case pageUp, pageDown, home, end
    /// A function key, F1 to F12.
    case function(Int)
    /// The terminal changed size.
    case resize

    /// How help and hints name the key.
    public var label: String {
        switch self {
        case let .character(c): return c == " " ? "Space" : String(c)
        case let .control(c): return "Ctrl-\(c.uppercased())"
        case .up: return "↑"
        case .down: return "↓"
        case .left: return "←"
        case .right: return "→"
        case .enter: return "Enter"
        case .escape: return "Esc"
        case .backspace: return "Bksp"
        case .delete: return "Del"
        case .tab: return "Tab"
        case .backTab: return "S-Tab"
        case .pageUp: return "PgUp"
        case .pageDown: return "PgDn"
        case .home: return "Home"
        case .end: return "End"
        case let .function(number): return "F\(number)"
        case .resize: return "resize"
        }
    }
}
