/// How many colours the UI draws with.
public enum ColorDepth: String, Sendable, CaseIterable, Comparable {
    /// The 8 ANSI colours.
    case ansi8 = "8"
    /// The 8 ANSI colours and their bright variants.
    case ansi16 = "16"
    /// The xterm 256-colour palette.
    case palette256 = "256"
    /// Any 24-bit RGB colour.
    case trueColor = "truecolor"

    /// The palette entries a colour may use at this depth (true colour uses RGB beyond the 256 entries).
    public var paletteSize: Int {
        switch self {
        case .ansi8: return 8
        case .ansi16: return 16
        case .palette256, .trueColor: return 256
        }
    }

    /// The depth a terminal with `colors` colours shows (nil: fewer than 8, so attributes only).
    public init?(terminalColors colors: Int) {
        switch colors {
        case (1 << 24)...: self = .trueColor
        case 256...: self = .palette256
        case 16...: self = .ansi16
        case 8...: self = .ansi8
        default: return nil
        }
    }

    public static func < (a: ColorDepth, b: ColorDepth) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}
