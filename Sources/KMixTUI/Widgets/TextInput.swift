/// A one-line editable field: its label, its value and, when focused, a cursor.
public enum TextInput {
    /// Draws the field at (`x`, `y`) within `width`; a value longer than the field scrolls to keep the
    /// cursor in view (an unfocused one shows its end).
    public static func draw(into grid: inout CellGrid, label: String, line: LineEditor, focused: Bool, x: Int, y: Int,
                            width: Int, labelWidth: Int) {
        grid.put(Format.fit(label, labelWidth), x: x, y: y, style: Style(focused ? .accent : .muted, attributes: focused ? .bold : []))
        let fieldWidth = max(1, width - labelWidth - 1)
        let style = Style(.text, attributes: focused ? .underline : [])
        let fieldX = x + labelWidth + 1
        grid.put(String(repeating: " ", count: fieldWidth), x: fieldX, y: y, style: style)
        if focused {
            EditedLine.draw(into: &grid, line, x: fieldX, y: y, width: fieldWidth, style: style)
        } else {
            grid.put(Format.suffix(line.text, cells: fieldWidth - 1), x: fieldX, y: y, style: style)
        }
    }
}
