extension StringProtocol {
    /// The lines of the text, each ended by `\n`, `\r\n` or `\r`; empty lines kept, and an empty last line after a
    /// final line end. (Swift reads `\r\n` as one character, so `split(separator: "\n")` leaves a CRLF text whole.)
    public var textLines: [Substring] {
        var lines: [Substring] = []
        let text = Substring(self)
        var start = text.startIndex
        var index = start
        let scalars = text.unicodeScalars
        while index < text.endIndex {
            let scalar = scalars[index]
            guard scalar == "\n" || scalar == "\r" else {
                index = scalars.index(after: index)
                continue
            }
            lines.append(text[start..<index])
            var next = scalars.index(after: index)
            if scalar == "\r", next < text.endIndex, scalars[next] == "\n" { next = scalars.index(after: next) }
            start = next
            index = next
        }
        lines.append(text[start..<text.endIndex])
        return lines
    }
}
