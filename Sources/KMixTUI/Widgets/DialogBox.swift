/// A centred modal box for a dialog: lines, fields, the last error, and its keys in the bottom border.
public enum DialogBox {
    /// Draws `dialog` centred in `area`.
    public static func draw(into grid: inout CellGrid, _ dialog: Dialog, in area: Rect, glyphs: GlyphSet) {
        let labelWidth = dialog.fields.map(\.label.count).max() ?? 0
        let contentWidth = max(dialog.lines.map(\.count).max() ?? 0, labelWidth + 24, dialog.title.count + 4, 36,
                               footer(dialog.keyHints).count)
        let height = 4 + dialog.lines.count + dialog.fields.count + (dialog.fields.isEmpty ? 0 : 1) + (dialog.error == nil ? 0 : 2)
        let box = area.centred(width: min(contentWidth + 4, area.width - 2), height: height)
        grid.fill(box)
        grid.box(box, title: dialog.title, glyphs: glyphs)
        let inner = box.inset(2)
        var y = box.y + 1
        for line in dialog.lines {
            grid.put(Format.truncate(line, inner.width), x: inner.x, y: y)
            y += 1
        }
        if !dialog.fields.isEmpty { y += 1 }
        for (index, field) in dialog.fields.enumerated() {
            TextInput.draw(into: &grid, label: field.label, line: field.line, focused: index == dialog.focus,
                           x: inner.x, y: y, width: inner.width, labelWidth: labelWidth)
            y += 1
        }
        if let error = dialog.error {
            y += 1
            grid.put(Format.truncate(error, inner.width), x: inner.x, y: y, style: Style(.error, attributes: .bold))
        }
        let keys = footer(fitting(dialog.keyHints, width: inner.width))
        grid.put(keys, x: box.maxX - keys.count - 2, y: box.maxY - 1, style: Style(.muted))
    }

    /// The hints as the bottom border shows them: " Enter ok · Esc cancel ".
    static func footer(_ hints: [Dialog.KeyHint]) -> String {
        hints.isEmpty ? "" : " " + hints.map(\.text).joined(separator: " · ") + " "
    }

    /// `hints` without the optional ones, last first, until their footer fits `width`; none when even the
    /// essential ones do not fit.
    static func fitting(_ hints: [Dialog.KeyHint], width: Int) -> [Dialog.KeyHint] {
        var shown = hints
        while footer(shown).count > width {
            guard let last = shown.lastIndex(where: \.optional) else { return [] }
            shown.remove(at: last)
        }
        return shown
    }
}
