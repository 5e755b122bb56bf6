/// A one-row chart of a series, using eighth-height blocks.
public enum Sparkline {
    /// The last `width` values as block characters scaled from their minimum to their maximum.
    public static func render(_ values: [Double], width: Int, glyphs: GlyphSet) -> String {
        let shown = Array(values.suffix(max(0, width)))
        guard let low = shown.min(), let high = shown.max() else { return "" }
        let scale = ChartScale(lower: low, upper: high)
        return String(shown.map { glyphs.eighths[1 + Int((scale.fraction($0) * 7).rounded())] })
    }
}
