/// Names for actions (`[keys]` in the config file) and for keys.
public enum KeyNames {
    /// The config name of `action`, or nil when it cannot be rebound.
    public static func name(of action: Action) -> String? {
        switch action {
        case .requestQuit: return "quit"
        case .openHelp: return "help"
        case .openCommandLine: return "command"
        case .toggleScreen: return "switch_screen"
        case .showScreen(.heads): return "heads_screen"
        case .showScreen(.training): return "training_screen"
        case .requestTraining: return "train"
        case .togglePause: return "pause"
        case .requestStop: return "stop"
        case .evaluateNow: return "evaluate"
        case .saveNow: return "save_adapters"
        case .requestOpenRun: return "open_run"
        case .requestExport: return "export"
        case .cycleMetric: return "metric"
        case .requestProbe: return "probe"
        case .cycleTheme: return "theme"
        case .narrowChartWindow: return "narrow_window"
        case .widenChartWindow: return "widen_window"
        case let .move(layers, heads): return moveName(layers: layers, heads: heads)
        case let .changeRank(delta): return delta > 0 ? "rank_up" : "rank_down"
        case .cycleProjection: return "projection"
        case let .selectProjection(projection): return "edit_\(projection.rawValue)"
        case .applyToLayer: return "apply_layer"
        case .applyToHeadIndex: return "apply_head"
        case .applyToAll: return "apply_all"
        case let .changeSharedRank(delta): return delta > 0 ? "shared_up" : "shared_down"
        case .openDialog(.preset): return "preset"
        case .openDialog(.target): return "target"
        case .openDialog(.savePlan): return "save_plan"
        case .openDialog(.loadPlan): return "open_plan"
        case .undo: return "undo"
        case .redo: return "redo"
        default: return nil
        }
    }

    private static func moveName(layers: Int, heads: Int) -> String? {
        switch (layers, heads) {
        case (-1, 0): return "up"
        case (1, 0): return "down"
        case (0, -1): return "left"
        case (0, 1): return "right"
        case (-1_000, 0): return "first_layer"
        case (1_000, 0): return "last_layer"
        case (0, -1_000): return "first_head"
        case (0, 1_000): return "last_head"
        default: return nil
        }
    }

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

extension KeyMap {
    /// This key map with `overrides` applied: each names an action (see `KeyNames`) and its new key, which
    /// replaces the action's keys (Ctrl-C always quits); a key then bound to two actions in one context is an error.
    public func overriding(_ overrides: [TUIConfig.KeyOverride], file: String) throws(ConfigError) -> KeyMap {
        var bindings = self.bindings
        for override in overrides {
            func fail(_ reason: String) -> ConfigError { ConfigError(file: file, line: override.line, reason: reason) }
            guard let key = KeyNames.key(override.key) else {
                throw fail("unknown key \"\(override.key)\"; use one character, Ctrl-x, F1 to F12, Tab, Enter, Esc, Space, Up, PgDn, Home…")
            }
            let matching = bindings.indices.filter { bindings[$0].action.configName == override.action }
            guard !matching.isEmpty else {
                let names = Set(bindings.compactMap(\.action.configName)).sorted().joined(separator: ", ")
                throw fail("unknown action `\(override.action)`; actions: \(names)")
            }
            var replaced: Set<String> = [], aliases: [Int] = []
            for index in matching {
                let old = bindings[index]
                if replaced.insert(old.context.rawValue).inserted {
                    bindings[index] = KeyBinding(key, old.context, old.action, old.description, hint: old.hint, listed: old.listed)
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
            let mine = bindings.filter { $0.key == key && $0.action.configName == override.action }
            for binding in mine {
                let clash = bindings.first { other in
                    other.key == key && other.action.configName != override.action
                        && (other.context == binding.context || other.context == .global || binding.context == .global)
                }
                if let clash {
                    throw ConfigError(file: file, line: override.line, reason: "\"\(override.key)\" is already the key of `"
                                      + "\(clash.action.configName ?? clash.description)`; rebind that action too")
                }
            }
        }
    }
}

extension Action {
    /// The action's name in the config file's `[keys]` table.
    var configName: String? { KeyNames.name(of: self) }
}
