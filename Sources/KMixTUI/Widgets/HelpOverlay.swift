/// A titled group of help rows.
public struct HelpSection: Sendable, Equatable {
    public var title: String
    public var rows: [HelpRow]

    /// A section called `title` listing `rows`.
    public init(title: String, rows: [HelpRow]) {
        self.title = title
        self.rows = rows
    }
}

/// The `?` overlay: the key map's rows by context, then the `:` commands, generated from their tables and laid
/// out in columns, over as many pages (Tab turns them) as the terminal needs.
public enum HelpOverlay {
    /// The narrowest column the overlay uses: 80 columns hold two.
    static let minimumColumnWidth = 39
    /// The narrowest keys column, so that short keys line up across sections.
    static let minimumKeyWidth = 11

    /// The overlay's sections: one per key context with listed bindings, the line-editing keys, then one of
    /// `commands`, each command's other names on a row below it ("write, w  same as checkpoint").
    public static func sections(_ keyMap: KeyMap, commands: [Command] = Command.standard) -> [HelpSection] {
        let keys = KeyContext.allCases.map { HelpSection(title: $0.title, rows: keyMap.helpRows(for: $0)) }
        let commandRows = commands.flatMap { command in
            [HelpRow(keys: String(command.usage.dropFirst()), description: command.description)]
                + (command.aliases.isEmpty ? [] : [HelpRow(keys: command.aliases.joined(separator: ", "), description: "same as \(command.name)")])
        }
        let commandTitle = "Commands (type \(keyMap.keyLabel(.command)) first)"
        return (keys + [.lineEditing, HelpSection(title: commandTitle, rows: commandRows)]).filter { !$0.rows.isEmpty }
    }

    /// One line of a page: a section title, or a row with its section's keys width.
    enum Line: Equatable {
        case title(String)
        case row(HelpRow, keyWidth: Int)
    }

    /// `sections` cut into pages of at most `height` lines × as many columns as `width` holds; a section
    /// starts a new page when it does not fit on the current one, and is split only when no page holds it.
    static func pages(_ sections: [HelpSection], width: Int, height: Int) -> [[Line]] {
        let capacity = max(1, height) * max(1, width / minimumColumnWidth)
        var pages: [[Line]] = [[]]
        for section in sections {
            let keyWidth = max(minimumKeyWidth, section.rows.map(\.keys.count).max() ?? 0)
            var lines = [Line.title(section.title)] + section.rows.map { Line.row($0, keyWidth: keyWidth) }
            if pages[pages.count - 1].count + lines.count > capacity && !pages[pages.count - 1].isEmpty { pages.append([]) }
            while !lines.isEmpty {
                let room = capacity - pages[pages.count - 1].count
                pages[pages.count - 1] += lines.prefix(room)
                lines.removeFirst(min(room, lines.count))
                if !lines.isEmpty { pages.append([]) }
            }
        }
        return pages
    }

    /// Draws page `page` (wrapping) of the overlay for `keyMap` as a box filling `area`.
    public static func draw(into grid: inout CellGrid, keyMap: KeyMap, page: Int, in area: Rect, glyphs: GlyphSet) {
        let inner = area.inset(1)
        let pages = pages(sections(keyMap), width: inner.width, height: inner.height)
        let shown = (page % pages.count + pages.count) % pages.count
        let title = pages.count == 1 ? "Keys and commands — any key but Tab closes"
            : "Help \(shown + 1)/\(pages.count) — Tab: next page · any other key closes"
        grid.fill(area)
        grid.box(area, title: title, glyphs: glyphs)
        let lines = pages[shown]
        let columns = max(1, (lines.count + inner.height - 1) / max(1, inner.height))
        let columnWidth = inner.width / columns
        let perColumn = max(1, (lines.count + columns - 1) / columns)
        for (index, line) in lines.enumerated() {
            let x = inner.x + 1 + (index / perColumn) * columnWidth
            let y = inner.y + index % perColumn
            switch line {
            case let .title(title):
                grid.put(title, x: x, y: y, style: Style(.title, attributes: .bold), limit: columnWidth - 2)
            case let .row(row, keyWidth):
                grid.put(Format.fit(row.keys, keyWidth), x: x, y: y, style: Style(.accent, attributes: .bold))
                grid.put(row.description, x: x + keyWidth + 1, y: y, limit: columnWidth - keyWidth - 3)
            }
        }
    }
}
