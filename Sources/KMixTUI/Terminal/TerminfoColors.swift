/// The colours a terminfo entry describes.
public struct TerminfoColors: Sendable, Equatable {
    /// The entry's `colors` number.
    public var colors: Int
    /// Whether it has the `RGB` capability.
    public var hasRGB: Bool

    /// Colours `colors`; `hasRGB` when the entry has the `RGB` capability.
    public init(colors: Int, hasRGB: Bool = false) {
        self.colors = colors
        self.hasRGB = hasRGB
    }

    /// Whether ncurses reads its colour numbers as 24-bit RGB values (`xterm-direct`, `tmux-direct`, …).
    public var isDirect: Bool { hasRGB || colors >= 1 << 24 }

    /// The most colours the entry shows (nil: fewer than 8).
    public var depth: ColorDepth? { isDirect ? .trueColor : ColorDepth(terminalColors: colors) }
}
