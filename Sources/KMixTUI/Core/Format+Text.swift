/// Text that must fit a width in cells (`cellWidth`: a wide character takes two): cut with an ellipsis, paths
/// shortened from the left, words wrapped.
extension Format {
    /// `text` if it takes at most `width` cells, else its start and "…" in at most `width` cells (`width` exactly,
    /// unless a wide character would straddle the cut).
    public static func truncate(_ text: String, _ width: Int) -> String {
        guard text.cellWidth > width else { return text }
        guard width > 0 else { return "" }
        return prefix(text, cells: width - 1) + "…"
    }

    /// The longest start of `text` that takes at most `cells` cells.
    static func prefix(_ text: String, cells: Int) -> String {
        var used = 0
        return String(text.prefix { character in
            used += character.cellWidth
            return used <= cells
        })
    }

    /// The longest end of `text` that takes at most `cells` cells.
    static func suffix(_ text: String, cells: Int) -> String {
        var kept = Substring()
        var used = 0
        for character in text.reversed() {
            used += character.cellWidth
            guard used <= cells else { break }
            kept.insert(character, at: kept.startIndex)
        }
        return String(kept)
    }

    /// `path` in at most `width` cells, shortened from the left so that its end stays: "…/" and as many
    /// whole trailing components as fit ("…/glue/data/sst2"), else "…" and the end of the last component.
    public static func path(_ path: String, _ width: Int) -> String {
        guard path.cellWidth > width else { return path }
        guard width > 1 else { return truncate(path, width) }
        var kept = ""
        for component in path.split(separator: "/").reversed() {
            let longer = kept.isEmpty ? String(component) : component + "/" + kept
            guard longer.cellWidth + 2 <= width else { break }
            kept = longer
        }
        return kept.isEmpty ? "…" + suffix(path, cells: width - 1) : "…/" + kept
    }

    /// `path` relative to `directory` when it lies inside it ("/w/runs/a" in "/w" → "runs/a"), else unchanged.
    public static func relativePath(_ path: String, to directory: String?) -> String {
        guard let directory, !directory.isEmpty else { return path }
        let base = directory.hasSuffix("/") ? String(directory.dropLast()) : directory
        if path == base { return "." }
        return path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path
    }

    /// `text` wrapped at spaces into at most `lines` lines of at most `width` cells; a word longer than a
    /// line, and the last line when text remains, end in "…".
    public static func wrap(_ text: String, width: Int, lines limit: Int) -> [String] {
        guard width > 0, limit > 0 else { return [] }
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            let longer = current.isEmpty ? String(word) : current + " " + word
            if longer.cellWidth <= width || current.isEmpty {
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

    /// `parts` joined by `separator` in at most `width` cells: while the line is too long, the part with
    /// the lowest priority (the last of equals) is left out; if the parts left still do not fit, the line is
    /// cut with "…".
    public static func joinFitting(_ parts: [(text: String, priority: Int)], separator: String, width: Int) -> String {
        var kept = parts
        func joined() -> String { kept.map(\.text).joined(separator: separator) }
        while joined().cellWidth > width, kept.count > 1 {
            let lowest = kept.map(\.priority).min()!
            kept.remove(at: kept.lastIndex { $0.priority == lowest }!)
        }
        return truncate(joined(), width)
    }
}
