/// How views draw: the glyph set and the key map whose hints they show.
public struct RenderOptions: Sendable {
    public var glyphs: GlyphSet
    public var keyMap: KeyMap

    public init(glyphs: GlyphSet = .braille, keyMap: KeyMap = .standard) {
        self.glyphs = glyphs
        self.keyMap = keyMap
    }

    /// The smallest terminal the UI draws in.
    public static let minimumSize = (width: 80, height: 24)

    /// Whether a `width` × `height` terminal is large enough to draw the UI in.
    public static func fits(width: Int, height: Int) -> Bool {
        width >= minimumSize.width && height >= minimumSize.height
    }
}
