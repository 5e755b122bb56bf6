/// A line being edited, drawn with its cursor: "▏" after the last character, or the character under the
/// cursor in reverse video. A line longer than its room scrolls to keep the cursor in view.
public enum EditedLine {
    /// Draws `line` from (`x`, `y`) in at most `width` cells, in `style`; returns the column after the
    /// last cell drawn.
    @discardableResult
    public static func draw(into grid: inout CellGrid, _ line: LineEditor, x: Int, y: Int, width: Int,
                            style: Style = .plain) -> Int {
        guard width > 0 else { return x }
        let (shown, cursorColumn) = line.visible(width: width)
        var end = grid.put(String(shown), x: x, y: y, style: style)
        if line.cursor < line.text.count {
            let under = line.text[line.text.index(line.text.startIndex, offsetBy: line.cursor)]
            var cursorStyle = style
            cursorStyle.attributes.insert(.reverse)
            grid.put(String(under), x: x + cursorColumn, y: y, style: cursorStyle)
        } else {
            end = grid.put("▏", x: end, y: y, style: style)
        }
        return end
    }
}
