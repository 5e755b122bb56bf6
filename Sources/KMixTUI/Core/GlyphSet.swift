/// The characters the UI draws with: Unicode (braille plots), block elements, or plain ASCII.
public struct GlyphSet: Sendable, Equatable {
    /// Box-drawing characters.
    public struct Box: Sendable, Equatable {
        public let horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: Character
    }

    /// How line charts are drawn.
    public enum Plot: String, Sendable, CaseIterable {
        /// 2 × 4 dots per cell.
        case braille
        /// 2 × 2 quadrant blocks per cell.
        case block
        /// One `*` per cell.
        case ascii
    }

    public let name: String
    public let box: Box
    public let plot: Plot
    /// Shades from empty to full, used by heat maps.
    public let shades: [Character]
    /// Eighths of a cell, used by sparklines and bars (first is empty).
    public let eighths: [Character]
    /// Axis characters: vertical, horizontal, origin, tick.
    public let axisVertical, axisHorizontal, axisOrigin, axisTick: Character

    /// Braille plots and Unicode blocks and boxes.
    public static let braille = GlyphSet(
        name: "braille", box: Box(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐", bottomLeft: "└", bottomRight: "┘"),
        plot: .braille, shades: [" ", "░", "▒", "▓", "█"], eighths: [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"],
        axisVertical: "│", axisHorizontal: "─", axisOrigin: "└", axisTick: "┬")
    /// Quadrant-block plots, Unicode boxes.
    public static let block = GlyphSet(
        name: "block", box: braille.box, plot: .block, shades: braille.shades, eighths: braille.eighths,
        axisVertical: "│", axisHorizontal: "─", axisOrigin: "└", axisTick: "┬")
    /// Plain ASCII, for terminals without a UTF-8 locale.
    public static let ascii = GlyphSet(
        name: "ascii", box: Box(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+", bottomLeft: "+", bottomRight: "+"),
        plot: .ascii, shades: [" ", ".", ":", "+", "#"], eighths: [" ", ".", ".", "-", "-", "=", "=", "#", "#"],
        axisVertical: "|", axisHorizontal: "-", axisOrigin: "+", axisTick: "+")

    /// The set called `name` (`braille`, `block` or `ascii`).
    public static func named(_ name: String) -> GlyphSet? {
        [braille, block, ascii].first { $0.name == name }
    }
}
