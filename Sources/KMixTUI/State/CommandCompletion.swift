/// Tab in the `:` command line: completes the command name, or the command's first argument (a preset,
/// theme, metric, format, projection or command name).
enum CommandCompletion {
    /// `prompt` after one Tab in `state`. One match is inserted whole (a command that takes arguments gets a
    /// space after it); several are listed in `candidates` and their common start inserted; a further Tab
    /// inserts each candidate in turn. No match leaves the line as it is.
    static func complete(_ prompt: CommandPrompt, in state: AppState, table: [Command] = Command.standard) -> CommandPrompt {
        var prompt = prompt
        let split = prompt.text.lastIndex(of: " ").map { prompt.text.index(after: $0) } ?? prompt.text.startIndex
        let head = String(prompt.text[..<split])
        if !prompt.candidates.isEmpty {
            let index = ((prompt.candidateIndex ?? -1) + 1) % prompt.candidates.count
            prompt.text = head + prompt.candidates[index]
            prompt.candidateIndex = index
            return prompt
        }
        let word = String(prompt.text[split...]).lowercased()
        let headWords = head.split(separator: " ").map(String.init)
        let options: [String]
        if headWords.isEmpty {
            options = table.flatMap(\.names)
        } else if headWords.count == 1, let command = CommandParser.command(named: headWords[0], in: table) {
            options = command.candidates(state)
        } else {
            options = []
        }
        var matches: [String] = []
        for option in options where option.lowercased().hasPrefix(word) && !matches.contains(option) { matches.append(option) }
        switch matches.count {
        case 0:
            break
        case 1:
            let command = headWords.isEmpty ? CommandParser.command(named: matches[0], in: table) : nil
            let takesArguments = (command?.arity.upperBound ?? 0) > 0
            prompt.text = head + matches[0] + (takesArguments ? " " : "")
        default:
            prompt.text = head + commonPrefix(matches)
            prompt.candidates = matches
        }
        return prompt
    }

    /// The longest start all of `words` share, ignoring case, spelled as in the first word.
    private static func commonPrefix(_ words: [String]) -> String {
        var prefix = Array(words[0])
        for word in words.dropFirst() {
            prefix = Array(prefix.prefix(zip(prefix, word).prefix { $0.lowercased() == $1.lowercased() }.count))
        }
        return String(prefix)
    }
}
