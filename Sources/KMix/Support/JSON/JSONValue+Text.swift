extension JSONValue {
    /// The value as JSON text laid out as Python's `json.dumps(value, indent=2, sort_keys=True)` lays it out (so
    /// transformers writes `config.json`): two spaces per level, `"key": value`, object members sorted by key (by code
    /// point); numbers are written as their literals and strings escaped by `JSONText.string`. No final line feed.
    public func indentedText() -> String {
        var text = ""
        write(into: &text, indent: "")
        return text
    }

    private func write(into text: inout String, indent: String) {
        switch self {
        case .null: text += "null"
        case .bool(let flag): text += flag ? "true" : "false"
        case .number(let number): text += number.literal
        case .string(let string): text += JSONText.string(string)
        case .array(let elements):
            Self.writeContainer(elements, open: "[", close: "]", into: &text, indent: indent) { element, text, inner in
                element.write(into: &text, indent: inner)
            }
        case .object(let members):
            let sorted = members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            Self.writeContainer(sorted, open: "{", close: "}", into: &text, indent: indent) { member, text, inner in
                text += JSONText.string(member.key) + ": "
                member.value.write(into: &text, indent: inner)
            }
        }
    }

    /// Writes `items` one per line between `open` and `close` (`[]` or `{}` when there are none).
    private static func writeContainer<Item>(
        _ items: [Item], open: String, close: String, into text: inout String, indent: String,
        writeItem: (Item, inout String, String) -> Void
    ) {
        guard !items.isEmpty else {
            text += open + close
            return
        }
        let inner = indent + "  "
        text += open
        for (index, item) in items.enumerated() {
            text += (index == 0 ? "\n" : ",\n") + inner
            writeItem(item, &text, inner)
        }
        text += "\n" + indent + close
    }
}
