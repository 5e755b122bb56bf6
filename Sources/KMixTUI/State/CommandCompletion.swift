import Foundation

/// Tab in the `:` command line: completes the word before the cursor — a command name, the command's first
/// argument (a preset, theme, metric, format, projection or command name), or a file path where the
/// command takes one.
enum CommandCompletion {
    /// `prompt` after one Tab in `state`. One match is inserted whole (a command that takes arguments gets a
    /// space after it; a folder ends in "/", so the next Tab lists what is in it); several are listed in
    /// `candidates` and their common start inserted; a further Tab inserts each candidate in turn. No match
    /// leaves the line as it is. Text after the cursor stays; relative paths are read from `directory`. A path
    /// with a space is put in double quotes (closed once it names a file), and a word begun with a quote is
    /// completed inside it.
    static func complete(_ prompt: CommandPrompt, in state: AppState, table: [Command] = Command.standard,
                         directory: String = FileManager.default.currentDirectoryPath) -> CommandPrompt {
        var prompt = prompt
        if !prompt.candidates.isEmpty {
            let index = ((prompt.candidateIndex ?? -1) + 1) % prompt.candidates.count
            prompt.complete(to: prompt.candidateHead + quoted(prompt.candidates[index], inQuote: prompt.candidateInQuote,
                                                              whole: true))
            prompt.candidateIndex = index
            return prompt
        }
        let (head, word, inQuote) = currentWord(String(prompt.line.beforeCursor))
        let headWords = (try? CommandParser.words(inQuote ? String(head.dropLast()) : head)) ?? []
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
            prompt.complete(to: head + quoted(matches[0], inQuote: inQuote, whole: true) + (takesArguments ? " " : ""))
        default:
            prompt.complete(to: head + quoted(commonPrefix(matches), inQuote: inQuote, whole: false))
            prompt.candidates = matches
            prompt.candidateHead = head
            prompt.candidateInQuote = inQuote
        }
        return prompt
    }

    /// `typed` split into what comes before the word being completed, that word, and whether the word is
    /// inside an unclosed double quote (then the head ends with the quote).
    static func currentWord(_ typed: String) -> (head: String, word: String, inQuote: Bool) {
        if typed.filter({ $0 == "\"" }).count % 2 == 1, let quote = typed.lastIndex(of: "\"") {
            let start = typed.index(after: quote)
            return (String(typed[..<start]), String(typed[start...]), true)
        }
        let start = typed.lastIndex(of: " ").map { typed.index(after: $0) } ?? typed.startIndex
        return (String(typed[..<start]), String(typed[start...]), false)
    }

    /// `text` as the line needs it: opened with a double quote when it has a space and no quote is open, and
    /// closed when it is `whole` and a file (not a folder, which the next Tab goes into).
    static func quoted(_ text: String, inQuote: Bool, whole: Bool) -> String {
        let needsQuote = inQuote || text.contains(" ")
        let opening = needsQuote && !inQuote ? "\"" : ""
        let closing = needsQuote && whole && !text.hasSuffix("/") ? "\"" : ""
        return opening + text + closing
    }

    /// What may stand where `word` is typed after the words `headWords`.
    private static func options(after headWords: [String], word: String, in state: AppState, table: [Command],
                                directory: String) -> [String] {
        guard let first = headWords.first else { return table.flatMap(\.names) }
        guard let command = CommandParser.command(named: first, in: table) else { return [] }
        let position = headWords.count - 1
        if command.pathArguments.contains(position) {
            return (position == 0 ? command.candidates(state) : []) + PathCompletion.matches(word, in: directory)
        }
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
