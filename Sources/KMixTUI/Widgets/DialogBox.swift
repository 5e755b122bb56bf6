/// A centred modal box for a dialog: lines, fields and the last error.
public enum DialogBox {
    /// Draws `dialog` centred in `area`.
    public static func draw(into grid: inout CellGrid, _ dialog: Dialog, in area: Rect, glyphs: GlyphSet) {
        let labelWidth = dialog.fields.map(\.label.count).max() ?? 0
        let contentWidth = max(dialog.lines.map(\.count).max() ?? 0, labelWidth + 24, dialog.title.count + 4, 36)
        let height = 4 + dialog.lines.count + dialog.fields.count + (dialog.fields.isEmpty ? 0 : 1) + (dialog.error == nil ? 0 : 2)
        let box = area.centred(width: min(contentWidth + 4, area.width - 2), height: height)
        grid.fill(box)
        grid.box(box, title: dialog.title, glyphs: glyphs)
        let inner = box.inset(2)
        var y = box.y + 1
        for line in dialog.lines {
            grid.put(line, x: inner.x, y: y, limit: inner.width)
            y += 1
        }
        if !dialog.fields.isEmpty { y += 1 }
        for (index, field) in dialog.fields.enumerated() {
            TextInput.draw(into: &grid, label: field.label, value: field.value, focused: index == dialog.focus,
                           x: inner.x, y: y, width: inner.width, labelWidth: labelWidth)
            y += 1
        }
        if let error = dialog.error {
            y += 1
            grid.put(error, x: inner.x, y: y, style: Style(.error, attributes: .bold), limit: inner.width)
        }
        let hint = dialog.isConfirmation ? " y / n " : " Enter ok · Tab next · ^U clear · Esc cancel "
        grid.put(hint, x: box.maxX - hint.count - 2, y: box.maxY - 1, style: Style(.muted), limit: box.width - 4)
    }
}
