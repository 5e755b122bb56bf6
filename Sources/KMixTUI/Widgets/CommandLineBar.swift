/// The `:` command line in place of the status bar: the text being typed with its cursor on the left; on
/// the right, what Tab matched (the inserted one highlighted; paths by their last part) or how to use the line.
public enum CommandLineBar {
    /// The right-hand text when there are no candidates.
    static let usage = "Tab completes · ↑↓ history · Enter runs · Esc cancels"

    /// Draws `prompt` on row `y`.
    public static func draw(into grid: inout CellGrid, _ prompt: CommandPrompt, y: Int, width: Int) {
        grid.fill(Rect(x: 0, y: y, width: width, height: 1))
        grid.put(":", x: 0, y: y, style: Style(.accent, attributes: .bold))
        let end = EditedLine.draw(into: &grid, prompt.line, x: 1, y: y, width: max(1, width - 3))
        let available = width - end - 2
        guard available > 0 else { return }
        if prompt.candidates.isEmpty {
            guard usage.count <= available else { return }
            grid.put(usage, x: width - usage.count - 1, y: y, style: Style(.muted))
            return
        }
        let labels = prompt.candidates.map(label)
        let listed = labels.joined(separator: "  ")
        var x = width - min(listed.cellWidth, available) - 1
        for (index, candidate) in labels.enumerated() where x < width - 1 {
            let style = index == prompt.candidateIndex ? Style(.selection, attributes: .reverse) : Style(.accent)
            x = grid.put(candidate, x: x, y: y, style: style, limit: width - 1 - x) + 2
        }
    }

    /// How the list names `candidate`: a path by its last part ("runs/a/" → "a/"), anything else as it is.
    static func label(_ candidate: String) -> String {
        let trimmed = candidate.hasSuffix("/") ? candidate.dropLast() : candidate[...]
        guard let slash = trimmed.lastIndex(of: "/") else { return candidate }
        return String(candidate[candidate.index(after: slash)...])
    }
}
