/// The message shown while the terminal is smaller than the minimum.
public enum TooSmallView {
    /// Draws the message centred in a `width` × `height` grid.
    public static func draw(into grid: inout CellGrid, width: Int, height: Int) {
        let minimum = RenderOptions.minimumSize
        let lines = ["Terminal too small: \(width)×\(height)", "kmix-tui needs \(minimum.width)×\(minimum.height).",
                     "Enlarge the window, or press q to quit."]
        for (index, line) in lines.enumerated() {
            let y = height / 2 - 1 + index
            grid.put(line, x: max(0, (width - line.count) / 2), y: y, style: Style(index == 0 ? .warning : .text, attributes: index == 0 ? .bold : []))
        }
    }
}
