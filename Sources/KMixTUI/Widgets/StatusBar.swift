/// The bottom line: a message or the rank being typed on the left, key hints on the right.
public enum StatusBar {
    /// The hints kept even beside a long message (quit and help, the first of the key map's hints): the message
    /// is cut with "…" rather than lose them.
    static let keptHints = 2
    /// The least space between the message and the hints.
    static let gap = 2

    /// Draws the bar on row `y`. An error keeps no hints: it has the whole bar before any hint gets room.
    public static func draw(into grid: inout CellGrid, y: Int, width: Int, left: String, leftRole: ColorRole, hints: [(String, String)]) {
        let base = Style(.statusBar, attributes: .reverse)
        grid.fill(Rect(x: 0, y: y, width: width, height: 1), style: base)
        let (message, shown) = layout(message: left, hints: hints.map { "\($0.0) \($0.1)" }, width: width,
                                      kept: leftRole == .error ? 0 : keptHints)
        let hintText = shown.joined(separator: "  ")
        grid.put(hintText, x: width - hintText.cellWidth - 1, y: y, style: base)
        grid.put(" " + message, x: 0, y: y, style: Style(leftRole, attributes: [.reverse, .bold]))
    }

    /// The message and the hints that fit a bar `width` wide with a space at each end: whole hints, in order,
    /// as many as fit at least `gap` spaces after the whole message; the first `kept` of them always, the
    /// message cut with "…" to make room.
    static func layout(message: String, hints: [String], width: Int, kept: Int = keptHints) -> (message: String, hints: [String]) {
        let room = width - 2
        func length(_ count: Int) -> Int {
            count == 0 ? 0 : hints.prefix(count).map(\.cellWidth).reduce(0, +) + 2 * (count - 1)
        }
        let kept = min(kept, hints.count)
        let message = Format.truncate(message, room - (kept == 0 ? 0 : length(kept) + gap))
        var count = kept
        while count < hints.count, message.cellWidth + gap + length(count + 1) <= room { count += 1 }
        return (message, Array(hints.prefix(count)))
    }
}
