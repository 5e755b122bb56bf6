import KMix

extension KeyMap {
    /// This key map with `overrides` applied: each names an action (`ActionName`) and its new key (`KeyNames`), which
    /// replaces the action's keys (Ctrl-C always quits); a key then bound to two actions in one context is an error.
    public func overriding(_ overrides: [TUIConfig.KeyOverride], file: String) throws(ConfigError) -> KeyMap {
        var bindings = self.bindings
        for override in overrides {
            func fail(_ reason: String) -> ConfigError { ConfigError(file: file, line: override.line, reason: reason) }
            guard let key = KeyNames.key(override.key) else {
                throw fail("unknown key \"\(override.key)\"; use one character, Ctrl-x, F1 to F12, Tab, Enter, Esc, Space, Up, PgDn, Home…")
            }
            let name = ActionName(rawValue: override.action)
            let matching = bindings.indices.filter { name != nil && bindings[$0].name == name }
            guard !matching.isEmpty else {
                let names = Set(bindings.compactMap(\.name?.rawValue)).sorted().joined(separator: ", ")
                throw fail("unknown action `\(override.action)`; actions: \(names)")
            }
            var replaced: Set<String> = [], aliases: [Int] = []
            for index in matching {
                let old = bindings[index]
                if replaced.insert(old.context.rawValue).inserted {
                    bindings[index] = old.rebound(to: key)
                } else if old.key != .control("c") {
                    aliases.append(index)
                }
            }
            for index in aliases.reversed() { bindings.remove(at: index) }
        }
        try Self.checkConflicts(bindings, overrides: overrides, file: file)
        return KeyMap(bindings: bindings)
    }

    private static func checkConflicts(_ bindings: [KeyBinding], overrides: [TUIConfig.KeyOverride], file: String) throws(ConfigError) {
        for override in overrides {
            guard let key = KeyNames.key(override.key) else { continue }
            let mine = bindings.filter { $0.key == key && $0.name?.rawValue == override.action }
            for binding in mine {
                let clash = bindings.first { other in
                    other.key == key && other.name?.rawValue != override.action
                        && (other.context == binding.context || other.context == .global || binding.context == .global)
                }
                if let clash {
                    throw ConfigError(file: file, line: override.line, reason: "\"\(override.key)\" is already the key of `"
                                      + "\(clash.name?.rawValue ?? clash.description)`; rebind that action too")
                }
            }
        }
    }
}
