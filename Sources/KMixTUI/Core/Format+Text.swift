/// Text that must fit a width: cut with an ellipsis, paths shortened from the left, words wrapped.
extension Format {
    /// `text` if it has at most `width` characters, else its start and "…" in exactly `width` characters.
    public static func truncate(_ text: String, _ width: Int) -> String {
        guard text.count > width else { return text }
        guard width > 0 else { return "" }
        return String(text.prefix(width - 1)) + "…"
    }

    /// `path` in at most `width` characters, shortened from the left so that its end stays: "…/" and as many
    /// whole trailing components as fit ("…/glue/data/sst2"), else "…" and the end of the last component.
    public static func path(_ path: String, _ width: Int) -> String {
        guard path.count > width else { return path }
        guard width > 1 else { return truncate(path, width) }
        var kept = ""
        for component in path.split(separator: "/").reversed() {
            let longer = kept.isEmpty ? String(component) : component + "/" + kept
            guard longer.count + 2 <= width else { break }
            kept = longer
        }
        return kept.isEmpty ? "…" + String(path.suffix(width - 1)) : "…/" + kept
    }

    /// `path` relative to `directory` when it lies inside it ("/w/runs/a" in "/w" → "runs/a"), else unchanged.
    public static func relativePath(_ path: String, to directory: String?) -> String {
        guard let directory, !directory.isEmpty else { return path }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        if path == base { return "." }
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// `text` wrapped at spaces into at most `lines` lines of at most `width` characters; a word longer than a
    /// line, and the last line when text remains, end in "…".
    public static func wrap(_ text: String, width: Int, lines limit: Int) -> [String] {
        guard width > 0, limit > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let longer = current.isEmpty ? String(word) : current + " " + word
            if longer.count <= width || current.isEmpty {
                current = longer
            } else {
                lines.append(current)
                current = String(word)
            }
        }
        if !current.isEmpty { lines.append(current) }
        guard lines.count > limit else { return lines.map { truncate($0, width) } }
        var shown = Array(lines.prefix(limit))
        shown[limit - 1] = truncate(shown[limit - 1] + " " + lines[limit], width)
        return shown.map { truncate($0, width) }
    }

    /// `parts` joined by `separator` in at most `width` characters: while the line is too long, the part with
    /// the lowest priority (the last of equals) is left out; if the parts left still do not fit, the line is
    /// cut with "…".
    public static func joinFitting(_ parts: [(text: String, priority: Int)], separator: String, width: Int) -> String {
        var kept = parts
        func joined() -> String { kept.map(\.text).joined(separator: separator) }
        while joined().count > width, kept.count > 1 {
            let lowest = kept.map(\.priority).min()!
            kept.remove(at: kept.lastIndex { $0.priority == lowest }!)
        }
        return truncate(joined(), width)
    }
}
