import Foundation

/// The key map as a Markdown page (`docs/tui-keys.md`), generated from the same table as the help overlay.
public enum KeyReference {
    /// The page's text.
    public static func markdown(_ keyMap: KeyMap) -> String {
        var text = "# kmix-tui keys\n\nGenerated from the key map (`KeyMap.standard`); the `?` overlay shows the same table.\n"
        for row in HelpOverlay.lines(keyMap) {
            if row.keys.isEmpty {
                text += "\n## \(row.description)\n\n| Keys | Action |\n|---|---|\n"
            } else {
                let keys = row.keys.replacingOccurrences(of: "|", with: "\\|")
                text += "| \(keys.contains("`") ? "`` \(keys) ``" : "`\(keys)`") | \(row.description) |\n"
            }
        }
        return text
    }
}
