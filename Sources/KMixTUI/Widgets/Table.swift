/// Rows of label and value, labels in one column.
public enum Table {
    /// Draws `rows` from (`x`, `y`) within `width`; returns the row after the last.
    @discardableResult
    public static func draw(into grid: inout CellGrid, rows: [(String, String)], x: Int, y: Int, width: Int,
                            valueStyle: Style = .plain) -> Int {
        let labelWidth = min(rows.map(\.0.count).max() ?? 0, width / 2)
        for (index, row) in rows.enumerated() {
            grid.put(Format.fit(row.0, labelWidth), x: x, y: y + index, style: Style(.muted))
            grid.put(row.1, x: x + labelWidth + 1, y: y + index, style: valueStyle, limit: width - labelWidth - 1)
        }
        return y + rows.count
    }
}
