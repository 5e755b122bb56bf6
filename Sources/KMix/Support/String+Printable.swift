extension String {
    /// The text with control characters written as escapes (`\n`, `\t`, `\u{1B}`…), for messages that quote names
    /// read from files: a tensor name holding a newline must not break a one-line error into two.
    public var printable: String {
        guard unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else { return self }
        var text = ""
        for scalar in unicodeScalars {
            guard scalar.properties.generalCategory == .control else {
                text.unicodeScalars.append(scalar)
                continue
            }
            switch scalar {
            case "\n": text += "\\n"
            case "\r": text += "\\r"
            case "\t": text += "\\t"
            default: text += "\\u{\(String(scalar.value, radix: 16, uppercase: true))}"
            }
        }
        return text
    }
}
