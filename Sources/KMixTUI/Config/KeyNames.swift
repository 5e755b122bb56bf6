/// Names for keys, as `[keys]` in the config file and `docs/tui-keys.md` write them.
public enum KeyNames {
    /// The key `text` names: a name (`Tab`, `Enter`, `Esc`, `Space`, `Up` or `↑`, `PgDn`…, any case), one character,
    /// or `Ctrl-x`; every label `docs/tui-keys.md` shows reads back as its key.
    public static func key(_ text: String) -> Key? {
        let lower = text.lowercased()
        if let key = named[lower] { return key }
        if lower.hasPrefix("f"), let number = Int(lower.dropFirst()), (1...12).contains(number) { return .function(number) }
        if text.count == 1, let character = text.first { return .character(character) }
        for prefix in ["ctrl-", "c-", "^"] where lower.hasPrefix(prefix) && lower.count == prefix.count + 1 {
            return .control(lower.last!)
        }
        return nil
    }

    private static let named: [String: Key] = [
        "space": .character(" "), "tab": .tab, "enter": .enter, "return": .enter, "esc": .escape, "escape": .escape,
        "backspace": .backspace, "bksp": .backspace, "s-tab": .backTab, "up": .up, "down": .down, "left": .left, "right": .right, "↑": .up, "↓": .down,
        "←": .left, "→": .right, "pgup": .pageUp, "pageup": .pageUp, "pgdn": .pageDown, "pagedown": .pageDown,
        "home": .home, "end": .end, "delete": .delete, "del": .delete,
    ]
}
