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
        return text + configSection(keyMap)
    }

    /// The `[keys]` names of `config.toml`, with each action's default keys.
    private static func configSection(_ keyMap: KeyMap) -> String {
        var text = "\n## Rebinding keys\n\nIn `$XDG_CONFIG_HOME/kmix/config.toml` (default `~/.config/kmix/config.toml`), "
            + "`[keys]` lines `action = \"key\"` replace an action's keys: one character, `Ctrl-x`, or `Tab`, `Enter`, `Esc`, "
            + "`Space`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`, `End`. Ctrl-C always quits.\n\n"
            + "| Action | Default keys |\n|---|---|\n"
        var names: [String] = []
        var keys: [String: [String]] = [:]
        for binding in keyMap.bindings {
            guard let name = KeyNames.name(of: binding.action) else { continue }
            if keys[name] == nil { names.append(name) }
            let label = binding.key.label
            if !(keys[name] ?? []).contains(label) { keys[name, default: []].append(label) }
        }
        for name in names {
            let labels = keys[name]!.map { $0 == "`" ? "`` ` ``" : "`\($0.replacingOccurrences(of: "|", with: "\\|"))`" }
            text += "| `\(name)` | \(labels.joined(separator: " ")) |\n"
        }
        return text
    }
}
