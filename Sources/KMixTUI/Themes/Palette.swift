/// A 24-bit colour.
public struct RGB: Sendable, Hashable {
    public var red, green, blue: Int

    /// The colour with these channels, each 0–255.
    public init(_ red: Int, _ green: Int, _ blue: Int) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// The colour of `#rrggbb` (nil unless it is exactly that form).
    public init?(hex text: String) {
        guard text.hasPrefix("#"), text.count == 7, text.dropFirst().allSatisfy(\.isHexDigit),
              let value = Int(text.dropFirst(), radix: 16) else { return nil }
        self.init(value >> 16 & 255, value >> 8 & 255, value & 255)
    }

    /// `r << 16 | g << 8 | b`.
    public var packed: Int { red << 16 | green << 8 | blue }

    func squaredDistance(to other: RGB) -> Int {
        let r = red - other.red, g = green - other.green, b = blue - other.blue
        return r * r + g * g + b * b
    }
}

/// The xterm 256-colour palette, for mapping colours to the entries a terminal has.
enum Palette {
    private static let base: [RGB] = [
        RGB(0, 0, 0), RGB(205, 0, 0), RGB(0, 205, 0), RGB(205, 205, 0), RGB(0, 0, 238), RGB(205, 0, 205), RGB(0, 205, 205),
        RGB(229, 229, 229), RGB(127, 127, 127), RGB(255, 0, 0), RGB(0, 255, 0), RGB(255, 255, 0), RGB(92, 92, 255),
        RGB(255, 0, 255), RGB(0, 255, 255), RGB(255, 255, 255),
    ]
    private static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The RGB value of palette entry `index` (0–255) in xterm's default palette.
    static func rgb(_ index: Int) -> RGB {
        if index < 16 { return base[index] }
        if index < 232 {
            let i = index - 16
            return RGB(cubeLevels[i / 36], cubeLevels[i / 6 % 6], cubeLevels[i % 6])
        }
        let grey = 8 + (index - 232) * 10
        return RGB(grey, grey, grey)
    }

    /// The entry in `entries` closest to `color` (the first of equally close ones).
    static func nearest(_ color: RGB, among entries: Range<Int>) -> Int {
        entries.min { rgb($0).squaredDistance(to: color) < rgb($1).squaredDistance(to: color) } ?? entries.lowerBound
    }
}
