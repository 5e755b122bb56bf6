/// A horizontal bar filled to a fraction, with eighth-cell precision.
public enum ProgressBar {
    /// Draws the bar at (`x`, `y`), `width` cells wide, filled to `fraction` (0…1; above 1 draws in `overRole`).
    public static func draw(into grid: inout CellGrid, fraction: Double, x: Int, y: Int, width: Int, role: ColorRole,
                            overRole: ColorRole = .warning, glyphs: GlyphSet) {
        guard width > 0 else { return }
        let clamped = min(max(fraction, 0), 1)
        let eighths = Int((clamped * Double(width * 8)).rounded())
        let style = Style(fraction > 1 ? overRole : role)
        for cell in 0..<width {
            let filled = min(8, max(0, eighths - cell * 8))
            let character = filled == 0 ? (glyphs.plot == .ascii ? "." : "·") : glyphs.eighths[filled == 8 ? 8 : max(1, filled)]
            grid[x + cell, y] = Cell(character, style: filled == 0 ? Style(.muted) : style)
        }
    }
}
