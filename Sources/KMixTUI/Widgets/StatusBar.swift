/// The bottom line: a message or the rank being typed on the left, key hints on the right.
public enum StatusBar {
    /// Draws the bar on row `y`.
    public static func draw(into grid: inout CellGrid, y: Int, width: Int, left: String, leftRole: ColorRole, hints: [(String, String)]) {
        let base = Style(.statusBar, attributes: .reverse)
        grid.fill(Rect(x: 0, y: y, width: width, height: 1), style: base)
        let hintText = hints.map { "\($0.0) \($0.1)" }.joined(separator: "  ")
        let available = width - left.count - 3
        let shown = hintText.count <= available ? hintText : String(hintText.prefix(max(0, available)))
        grid.put(shown, x: width - shown.count - 1, y: y, style: base)
        grid.put(" " + left, x: 0, y: y, style: Style(leftRole, attributes: [.reverse, .bold]), limit: width)
    }
}
