/// A line of help: the keys (or command) and what they do.
public struct HelpRow: Sendable, Equatable {
    /// The keys, generated from the bindings that share the row, or a command with its arguments.
    public var keys: String
    public var description: String

    /// A row showing `keys` for `description`.
    public init(keys: String, description: String) {
        self.keys = keys
        self.description = description
    }
}

extension KeyMap {
    /// The help rows of `context`: one per description of its listed bindings, in table order, naming every
    /// listed key of those bindings (see `HelpRow.label(_:)`), so overrides show up in help.
    public func helpRows(for context: KeyContext) -> [HelpRow] {
        let listed = bindings.filter { $0.context == context && $0.listed }
        var descriptions: [String] = []
        for binding in listed where !descriptions.contains(binding.description) { descriptions.append(binding.description) }
        return descriptions.map { description in
            HelpRow(keys: HelpRow.label(listed.filter { $0.description == description }), description: description)
        }
    }
}

extension HelpRow {
    /// The keys of `bindings` as one label: the first key of each action ("+ / -", "←↓↑→"), then each action's
    /// second key ("hjkl"), and so on. Two keys are joined by " / "; three or more single characters are written
    /// together, or as a range ("0-9") when they run in order.
    static func label(_ bindings: [KeyBinding]) -> String {
        var actions: [String] = []
        var keys: [String: [String]] = [:]
        for binding in bindings {
            // Actions are not Equatable; a help row's actions (moves, rank steps, digits) differ in their text.
            let action = String(describing: binding.action)
            if keys[action] == nil { actions.append(action) }
            keys[action, default: []].append(binding.key.label)
        }
        let depth = actions.map { keys[$0]!.count }.max() ?? 0
        return (0..<depth).map { index in
            join(actions.compactMap { keys[$0]!.count > index ? keys[$0]![index] : nil })
        }.joined(separator: " ")
    }

    private static func join(_ labels: [String]) -> String {
        let characters = labels.compactMap { $0.count == 1 ? $0.unicodeScalars.first : nil }
        guard labels.count >= 3, characters.count == labels.count else { return labels.joined(separator: " / ") }
        let consecutive = zip(characters, characters.dropFirst()).allSatisfy { $1.value == $0.value + 1 }
        return consecutive ? "\(labels.first!)-\(labels.last!)" : labels.joined()
    }
}
