import Foundation

/// Tab in the `:` command line: completes the word before the cursor — a command name, the command's first
/// argument (a preset, theme, metric, format, projection or command name), or a file path where the
/// command takes one.
enum CommandCompletion {
    /// `prompt` after one Tab in `state`. One match is inserted whole (a command that takes arguments gets a
    /// space after it; a folder ends in "/", so the next Tab lists what is in it); several are listed in
    /// `candidates` and their common start inserted; a further Tab inserts each candidate in turn. No match
    /// leaves the line as it is. Text after the cursor stays; relative paths are read from `directory`.
    static func complete(_ prompt: CommandPrompt, in state: AppState, table: [Command] = Command.standard,
                         directory: String = FileManager.default.currentDirectoryPath) -> CommandPrompt {
        var prompt = prompt
        let typed = String(prompt.line.beforeCursor)
        let split = typed.lastIndex(of: " ").map { typed.index(after: $0) } ?? typed.startIndex
        let head = String(typed[..<split])
        if !prompt.candidates.isEmpty {
            let index = ((prompt.candidateIndex ?? -1) + 1) % prompt.candidates.count
            prompt.complete(to: head + prompt.candidates[index])
            prompt.candidateIndex = index
            return prompt
        }
        let word = String(typed[split...])
        let headWords = head.split(separator: " ").map(String.init)
        let options = self.options(after: headWords, word: word, in: state, table: table, directory: directory)
        var matches: [String] = []
        for option in options where option.lowercased().hasPrefix(word.lowercased()) && !matches.contains(option) {
            matches.append(option)
        }
        switch matches.count {
        case 0:
            break
        case 1:
            let command = headWords.isEmpty ? CommandParser.command(named: matches[0], in: table) : nil
            let takesArguments = (command?.arity.upperBound ?? 0) > 0
            prompt.complete(to: head + matches[0] + (takesArguments ? " " : ""))
        default:
            prompt.complete(to: head + commonPrefix(matches))
            prompt.candidates = matches
        }
        return prompt
    }

    /// What may stand where `word` is typed after the words `headWords`.
    private static func options(after headWords: [String], word: String, in state: AppState, table: [Command],
                                directory: String) -> [String] {
        guard let first = headWords.first else { return table.flatMap(\.names) }
        guard let command = CommandParser.command(named: first, in: table) else { return [] }
        let position = headWords.count - 1
        if command.pathArguments.contains(position) { return PathCompletion.matches(word, in: directory) }
        return position == 0 ? command.candidates(state) : []
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
