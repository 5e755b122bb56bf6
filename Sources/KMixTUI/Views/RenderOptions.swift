/// How views draw: the glyph set (the keys they name are the state's `keyMap`).
public struct RenderOptions: Sendable {
    public var glyphs: GlyphSet

    /// Options drawing with `glyphs`.
    public init(glyphs: GlyphSet = .braille) {
        self.glyphs = glyphs
    }

    /// The smallest terminal the UI draws in.
    public static let minimumSize = (width: 80, height: 24)

    /// Whether a `width` × `height` terminal is large enough to draw the UI in.
    public static func fits(width: Int, height: Int) -> Bool {
        width >= minimumSize.width && height >= minimumSize.height
    }
}
