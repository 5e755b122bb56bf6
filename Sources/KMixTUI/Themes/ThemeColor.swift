/// A colour in a theme: the terminal's default, an index in the 256-colour palette, or an RGB colour.
public enum ThemeColor: Sendable, Hashable {
    case terminalDefault
    case index(Int)
    case rgb(RGB)

    /// The names accepted for the first 16 palette entries.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                               "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
                               "bright-magenta", "bright-cyan", "bright-white"]

    /// Parses `default`, a colour name, a number 0–255, or `#rrggbb`.
    public init?(parsing text: String) {
        let text = text.lowercased()
        if text == "default" {
            self = .terminalDefault
        } else if let index = Self.names.firstIndex(of: text) {
            self = .index(index)
        } else if let number = Int(text), (0...255).contains(number) {
            self = .index(number)
        } else if let rgb = RGB(hex: text) {
            self = .rgb(rgb)
        } else {
            return nil
        }
    }

    /// The colour number ncurses is given for this colour at `depth`: -1 for the terminal's default, else the
    /// nearest colour the depth has — exact RGB in true colour; among the cube and greys (16–255) for an RGB
    /// colour at 256; among the first 16 or 8 entries below that (palette entries already inside keep their index).
    ///
    /// `direct` says the terminfo entry reads numbers as 24-bit `r << 16 | g << 8 | b` values above its
    /// palette (`xterm-direct`, whose palette is only entries 0–7, or up to 256 in `xterm-direct256`): entries
    /// 0–7 stay indices, so they keep the user's palette; others are sent as xterm's RGB for them, and an RGB
    /// value below 256 (no red or green) gets green 1, so that no entry reads it as a palette index.
    public func number(depth: ColorDepth, direct: Bool) -> Int {
        let depth = direct ? depth : min(depth, .palette256)
        let shown: ThemeColor
        switch self {
        case .terminalDefault:
            return -1
        case let .index(index):
            shown = index < depth.paletteSize ? self : .index(Palette.nearest(Palette.rgb(index), among: 0..<depth.paletteSize))
        case let .rgb(rgb):
            switch depth {
            case .trueColor: shown = self
            case .palette256: shown = .index(Palette.nearest(rgb, among: 16..<256))
            case .ansi16, .ansi8: shown = .index(Palette.nearest(rgb, among: 0..<depth.paletteSize))
            }
        }
        switch shown {
        case let .index(index) where !direct || index < 8: return index
        case let .index(index): return Self.directNumber(Palette.rgb(index))
        case let .rgb(rgb): return Self.directNumber(rgb)
        case .terminalDefault: return -1
        }
    }

    private static func directNumber(_ rgb: RGB) -> Int {
        rgb.packed < 256 ? RGB(rgb.red, 1, rgb.blue).packed : rgb.packed
    }
}
