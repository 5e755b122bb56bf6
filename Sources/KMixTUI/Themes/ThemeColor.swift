/// A colour in a theme: the terminal's default, or an index in the 256-colour palette.
public enum ThemeColor: Sendable, Equatable {
    case terminalDefault
    case index(Int)

    /// The names accepted for the first 16 palette entries.
    public static let names = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                               "bright-black", "bright-red", "bright-green", "bright-yellow", "bright-blue",
                               "bright-magenta", "bright-cyan", "bright-white"]

    /// Parses `default`, a colour name, a number 0–255, or `#rrggbb` (mapped to the nearest palette entry).
    public init?(parsing text: String) {
        let text = text.lowercased()
        if text == "default" {
            self = .terminalDefault
        } else if let index = Self.names.firstIndex(of: text) {
            self = .index(index)
        } else if let number = Int(text), (0...255).contains(number) {
            self = .index(number)
        } else if text.hasPrefix("#"), text.count == 7, let rgb = Int(text.dropFirst(), radix: 16) {
            self = .index(Palette.nearest(red: rgb >> 16 & 255, green: rgb >> 8 & 255, blue: rgb & 255, among: 256))
        } else {
            return nil
        }
    }

    /// The colour number on a terminal with `colors` colours (256, 16 or 8), or -1 for the default.
    public func number(forTerminalColors colors: Int) -> Int {
        guard case let .index(index) = self else { return -1 }
        if colors >= 256 || index < min(colors, 16) { return index }
        let rgb = Palette.rgb(index)
        return Palette.nearest(red: rgb.0, green: rgb.1, blue: rgb.2, among: colors >= 16 ? 16 : 8)
    }
}

/// The xterm 256-colour palette, for mapping colours down to 16 or 8.
enum Palette {
    private static let base: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]

    /// The RGB value of palette entry `index`.
    static func rgb(_ index: Int) -> (Int, Int, Int) {
        if index < 16 { return base[index] }
        if index < 232 {
            let levels = [0, 95, 135, 175, 215, 255]
            let i = index - 16
            return (levels[i / 36], levels[i / 6 % 6], levels[i % 6])
        }
        let grey = 8 + (index - 232) * 10
        return (grey, grey, grey)
    }

    /// The entry among the first `count` closest to the colour.
    static func nearest(red: Int, green: Int, blue: Int, among count: Int) -> Int {
        (0..<count).min { a, b in
            distance(rgb(a), (red, green, blue)) < distance(rgb(b), (red, green, blue))
        } ?? 7
    }

    private static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        let r = a.0 - b.0, g = a.1 - b.1, b2 = a.2 - b.2
        return r * r + g * g + b2 * b2
    }
}
