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
}
