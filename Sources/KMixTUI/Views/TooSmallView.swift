/// The message shown while the terminal is smaller than the minimum.
public enum TooSmallView {
    /// Draws the message centred in a `width` × `height` grid: the size, the minimum and how to quit (or, while
    /// the quit question of a training run is open, how to answer it), in a shorter wording when the long one
    /// does not fit.
    public static func draw(into grid: inout CellGrid, _ state: AppState, width: Int, height: Int) {
        let minimum = RenderOptions.minimumSize
        var asking = false
        if case let .dialog(dialog)? = state.overlay, dialog.kind == .confirmQuit { asking = true }
        let quit = state.keyMap.keyLabel(.quit)
        let long = ["Terminal too small: \(width)×\(height)", "kmix-tui needs \(minimum.width)×\(minimum.height).",
                    asking ? "Training is running: y stops it, saves and quits; n stays." : "Enlarge the window, or press \(quit) to quit."]
        let short = ["Too small: \(width)×\(height)", "Needs \(minimum.width)×\(minimum.height)", asking ? "y quit · n stay" : "\(quit) quits"]
        let lines = long.allSatisfy({ $0.count <= width }) ? long : short
        for (index, line) in lines.enumerated() {
            let y = max(0, height / 2 - 1) + index
            grid.put(Format.truncate(line, width), x: max(0, (width - line.count) / 2), y: y,
                     style: Style(index == 0 ? .warning : .text, attributes: index == 0 ? .bold : []))
        }
    }
}
