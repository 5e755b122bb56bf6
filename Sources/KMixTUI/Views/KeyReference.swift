import Foundation

/// The key map and the `:` commands as a Markdown page (`docs/tui-keys.md`), generated from the same tables as
/// the help overlay.
public enum KeyReference {
    /// The page's text.
    public static func markdown(_ keyMap: KeyMap, commands: [Command] = Command.standard) -> String {
        var text = "# kmix-tui keys\n\nGenerated from the key map (`KeyMap.standard`) and the command table "
            + "(`Command.standard`); the `?` overlay shows the same tables.\n"
        for context in KeyContext.allCases {
            let rows = keyMap.helpRows(for: context)
            guard !rows.isEmpty else { continue }
            text += "\n## \(context.title)\n\n| Keys | Action |\n|---|---|\n"
            for row in rows { text += "| \(code(row.keys)) | \(row.description) |\n" }
        }
        return text + editingSection() + commandSection(commands, key: keyMap.keyLabel(.command)) + followSection(keyMap)
            + configSection(keyMap)
    }

    /// `kmix-tui --run RUN_DIR --follow`: what it shows and which keys act on it.
    private static func followSection(_ keyMap: KeyMap) -> String {
        "\n## Following a run\n\n`kmix-tui --run RUN_DIR` opens a run folder at start, as `\(keyMap.keyLabel(.openRun))` does. "
            + "With `--follow` it keeps reading the folder (once a second; a folder not there yet is waited for) while another process writes it — `kmix train`, "
            + "`kmix-tui`, or a trainer on another machine writing to a shared or synced folder: the loss and dev charts, "
            + "the adapter norms and the heads screen's plan (a reallocating run's latest ranks) change as lines arrive. "
            + "The training screen's first line says `following RUN — step N/T, last line 3 s ago`, then `gone quiet: no "
            + "new line for …` when no line has come for `--quiet-after SECONDS` (default: 3 × the median interval of "
            + "the run's last 20 steps, at least 30 s), and `finished` once the run has finished (`docs/training.md`, "
            + "Watching a run). No key is added: \(code(keyMap.keyLabel(.quit))) quits (a followed run is not this "
            + "program's, so nothing is asked), and opening another run or starting training stops following.\n"
    }

    /// The keys that edit the `:` line and dialog fields.
    private static func editingSection() -> String {
        var text = "\n## \(HelpSection.lineEditing.title)\n\n| Keys | Action |\n|---|---|\n"
        for row in HelpSection.lineEditing.rows { text += "| \(code(row.keys)) | \(row.description) |\n" }
        return text
    }

    /// The `:` commands with their arguments and other names; `key` opens the command line.
    private static func commandSection(_ commands: [Command], key: String) -> String {
        var text = "\n## Commands\n\n\(code(key)) opens a command line in place of the status bar. Enter runs the command, Esc "
            + "cancels, and the keys above edit the line (Backspace on an empty line closes it). Tab completes the word "
            + "before the cursor: the command's name, then its first argument (presets, metrics, themes, export "
            + "formats, projections) or a file path (`:save`, `:open`, `:run`, and the folder of `:export`; a folder "
            + "completes with its `/`, and the next Tab lists what is in it; a path with a space is put in double "
            + "quotes); repeated Tabs step through the "
            + "matches; Up and Down recall earlier lines of the session. Put an "
            + "argument with spaces in double quotes. Without its optional argument, a command opens the dialog "
            + "its key opens. A command that cannot run says why in the status bar.\n\n"
            + "| Command | Action |\n|---|---|\n"
        for command in commands {
            let aliases = command.aliases.map { code(":\($0)") }
            let also = aliases.isEmpty ? "" : " (also \(aliases.joined(separator: ", ")))"
            text += "| \(code(command.usage)) | \(command.description)\(also) |\n"
        }
        return text
    }

    /// The `[keys]` names of `config.toml`, with each action's default keys.
    private static func configSection(_ keyMap: KeyMap) -> String {
        var text = "\n## Rebinding keys\n\nIn `$XDG_CONFIG_HOME/kmix/config.toml` (default `~/.config/kmix/config.toml`), "
            + "`[keys]` lines `action = \"key\"` replace an action's keys: one character, `Ctrl-x`, or `Tab`, `Enter`, `Esc`, "
            + "`Space`, `Up`, `Down`, `Left`, `Right`, `PgUp`, `PgDn`, `Home`, `End`, `Del`. Ctrl-C always quits. Help and the "
            + "status bar show the keys in use.\n\n"
            + "| Action | Default keys |\n|---|---|\n"
        var names: [String] = []
        var keys: [String: [String]] = [:]
        for binding in keyMap.bindings {
            guard let name = binding.name?.rawValue else { continue }
            if keys[name] == nil { names.append(name) }
            let label = binding.key.label
            if !(keys[name] ?? []).contains(label) { keys[name, default: []].append(label) }
        }
        for name in names {
            text += "| `\(name)` | \(keys[name]!.map(code).joined(separator: " ")) |\n"
        }
        return text
    }

    /// `text` as Markdown code in a table cell: pipes escaped, double backticks around a backtick.
    private static func code(_ text: String) -> String {
        let escaped = text.replacingOccurrences(of: "|", with: "\\|")
        return escaped.contains("`") ? "`` \(escaped) ``" : "`\(escaped)`"
    }
}
