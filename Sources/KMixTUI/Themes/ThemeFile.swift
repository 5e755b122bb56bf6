import Foundation
import KMix

/// Why a theme file was refused; the message names the file and line.
public struct ThemeError: Error, Equatable, CustomStringConvertible {
    public let file: String
    public let line: Int
    public let reason: String
    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}

/// Theme files: `role = colour [attribute…]` lines, `#` comments (see `Themes/dark.theme`).
public enum ThemeFile {
    /// The theme in `text`; `file` names it in errors.
    public static func parse(_ text: String, name: String, file: String) throws(ThemeError) -> Theme {
        var entries: [ColorRole: Theme.Entry] = [:]
        for (offset, rawLine) in text.textLines.enumerated() {
            let trimmed = withoutComment(rawLine).trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty { continue }
            let parts = trimmed.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw ThemeError(file: file, line: offset + 1, reason: "expected `role = colour`, found `\(trimmed)`")
            }
            guard let role = ColorRole(rawValue: parts[0]) else {
                throw ThemeError(file: file, line: offset + 1, reason: "unknown role `\(parts[0])`; roles: "
                                 + ColorRole.allCases.map(\.rawValue).joined(separator: ", "))
            }
            let words = parts[1].split(separator: " ").map { String($0).trimmingCharacters(in: .init(charactersIn: "\"")) }
            guard let color = ThemeColor(parsing: words[0]) else {
                throw ThemeError(file: file, line: offset + 1, reason: "unknown colour `\(words[0])`; use default, a name "
                                 + "(\(ThemeColor.names.prefix(3).joined(separator: ", ")), …), 0-255 or #rrggbb")
            }
            var attributes: Attributes = []
            for word in words.dropFirst() {
                switch word {
                case "bold": attributes.insert(.bold)
                case "dim": attributes.insert(.dim)
                case "reverse": attributes.insert(.reverse)
                case "underline": attributes.insert(.underline)
                default: throw ThemeError(file: file, line: offset + 1, reason: "unknown attribute `\(word)`")
                }
            }
            entries[role] = Theme.Entry(color, attributes)
        }
        return Theme(name: name, entries: entries)
    }

    /// `line` up to its comment: a `#` at the start of the line, or one that does not begin a `#rrggbb` colour.
    static func withoutComment(_ line: Substring) -> Substring {
        let start = line.firstIndex { !$0.isWhitespace } ?? line.endIndex
        var index = start
        while let hash = line[index...].firstIndex(of: "#") {
            let digits = line[line.index(after: hash)...].prefix(7)
            let isColor = hash != start && digits.prefix(6).count == 6 && digits.prefix(6).allSatisfy(\.isHexDigit)
                && (digits.count == 6 || digits.last!.isWhitespace || digits.last == "\"")
            if !isColor { return line[..<hash] }
            index = line.index(after: hash)
        }
        return line
    }

    /// Folders searched for `NAME.theme`: `$XDG_CONFIG_HOME/kmix/themes`, `./Themes`, and `Themes` beside or above the executable.
    public static func searchFolders(environment: [String: String] = ProcessInfo.processInfo.environment) -> [URL] {
        var folders: [URL] = []
        let config = environment["XDG_CONFIG_HOME"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: NSHomeDirectory()).appendingPathComponent(".config")
        folders.append(config.appendingPathComponent("kmix/themes"))
        folders.append(URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("Themes"))
        return folders + ShippedFolder.candidates("Themes")
    }

    /// The themes shipped in `Themes/`, in the order `c` cycles them.
    public static let builtInNames = ["dark", "light", "high-contrast", "monochrome"]

    /// The built-in theme names, then the other `.theme` files in `folders` (user themes), sorted.
    public static func available(folders: [URL] = searchFolders()) -> [String] {
        let found = folders.flatMap { folder in
            ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
                .filter { $0.hasSuffix(".theme") }
                .map { String($0.dropLast(".theme".count)) }
        }
        return builtInNames + Set(found).subtracting(builtInNames).sorted()
    }

    /// The theme called `name` (a name found in `folders`, or a path to a file).
    public static func load(_ name: String, folders: [URL] = searchFolders()) throws(ThemeError) -> Theme {
        let candidates = name.contains("/") ? [URL(fileURLWithPath: name)]
            : folders.map { $0.appendingPathComponent("\(name).theme") }
        guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else {
            if name == Theme.fallback.name { return Theme.fallback }
            throw ThemeError(file: name, line: 0, reason: "no theme file; looked for \(name).theme in "
                             + folders.map(\.path).joined(separator: ", "))
        }
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            throw ThemeError(file: url.path, line: 0, reason: "cannot read the file")
        }
        return try parse(text, name: url.deletingPathExtension().lastPathComponent, file: url.path)
    }
}
