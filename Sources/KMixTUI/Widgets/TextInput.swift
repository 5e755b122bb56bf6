/// A one-line editable field: its label, its value and, when focused, a cursor.
public enum TextInput {
    /// Draws the field at (`x`, `y`) within `width`; the value scrolls so that its end stays visible.
    public static func draw(into grid: inout CellGrid, label: String, value: String, focused: Bool, x: Int, y: Int,
                            width: Int, labelWidth: Int) {
        grid.put(Format.fit(label, labelWidth), x: x, y: y, style: Style(focused ? .accent : .muted, attributes: focused ? .bold : []))
        let fieldWidth = max(1, width - labelWidth - 1)
        let shown = String(value.suffix(fieldWidth - 1)) + (focused ? "▏" : "")
        let style = Style(.text, attributes: focused ? .underline : [])
        grid.put(Format.fit(shown, fieldWidth), x: x + labelWidth + 1, y: y, style: style)
    }
}
