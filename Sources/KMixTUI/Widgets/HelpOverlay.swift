/// The `?` overlay: every listed key binding, by context, generated from the key map.
public enum HelpOverlay {
    /// The help lines for `keyMap`: a section title per context, then "keys  description" rows.
    public static func lines(_ keyMap: KeyMap) -> [(keys: String, description: String)] {
        KeyContext.allCases.flatMap { context -> [(keys: String, description: String)] in
            let rows = keyMap.helpRows(for: context).map { (keys: $0.keys, description: $0.description) }
            return rows.isEmpty ? [] : [(keys: "", description: context.title)] + rows
        }
    }

    /// Draws the overlay as a box filling `area`, in as many columns as its rows need.
    public static func draw(into grid: inout CellGrid, keyMap: KeyMap, in area: Rect, glyphs: GlyphSet) {
        let rows = lines(keyMap)
        let box = area
        grid.fill(box)
        grid.box(box, title: "Keys — any key closes", glyphs: glyphs)
        let inner = box.inset(1)
        let columns = max(1, (rows.count + inner.height - 1) / max(1, inner.height))
        let columnWidth = inner.width / columns
        let perColumn = (rows.count + columns - 1) / columns
        for (index, row) in rows.enumerated() {
            let x = inner.x + 1 + (index / perColumn) * columnWidth
            let y = inner.y + index % perColumn
            if row.keys.isEmpty {
                grid.put(row.description, x: x, y: y, style: Style(.title, attributes: .bold), limit: columnWidth - 2)
            } else {
                grid.put(Format.fit(row.keys, 11), x: x, y: y, style: Style(.accent, attributes: .bold))
                grid.put(row.description, x: x + 12, y: y, limit: columnWidth - 14)
            }
        }
    }
}
