/// A centred modal box for a dialog: lines, fields, the last error, and its keys in the bottom border.
public enum DialogBox {
    /// The most lines the last error wraps over before it is cut with "…".
    static let maximumErrorLines = 3

    /// Draws `dialog` centred in `area`; the last error wraps over up to `maximumErrorLines` lines.
    public static func draw(into grid: inout CellGrid, _ dialog: Dialog, in area: Rect, glyphs: GlyphSet) {
        let labelWidth = dialog.fields.map(\.label.cellWidth).max() ?? 0
        let contentWidth = max(dialog.lines.map(\.cellWidth).max() ?? 0, labelWidth + 24, dialog.title.cellWidth + 4, 36,
                               footer(dialog.keyHints).count)
        let width = min(contentWidth + 4, area.width - 2)
        let errorLines = dialog.error.map { Format.wrap($0, width: width - 4, lines: maximumErrorLines) } ?? []
        let height = 4 + dialog.lines.count + dialog.fields.count + (dialog.fields.isEmpty ? 0 : 1)
            + (errorLines.isEmpty ? 0 : errorLines.count + 1)
        let box = area.centred(width: width, height: height)
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
        if !errorLines.isEmpty { y += 1 }
        for line in errorLines {
            grid.put(line, x: inner.x, y: y, style: Style(.error, attributes: .bold))
            y += 1
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
