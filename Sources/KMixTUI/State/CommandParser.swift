/// Reads a `:` command line into the reducer actions its command stands for.
public enum CommandParser {
    /// The actions `line` stands for in `state`: its first word names a command of `table` (any case, a
    /// leading `:` ignored), the other words are the command's arguments.
    public static func actions(for line: String, in state: AppState,
                               table: [Command] = Command.standard) throws(CommandError) -> [Action] {
        let words = try self.words(line)
        guard let first = words.first else { return [] }
        let name = String(first.drop { $0 == ":" })
        guard let command = command(named: name, in: table) else { throw Command.unknown(name) }
        let arguments = Array(words.dropFirst())
        let arity = command.arity
        if arguments.count < arity.lowerBound {
            let needed = arity.lowerBound == 1 ? "an argument" : "\(arity.lowerBound) arguments"
            throw CommandError("`:\(command.name)` needs \(needed): \(command.usage)")
        }
        if arguments.count > arity.upperBound {
            throw CommandError(arity.upperBound == 0 ? "`:\(command.name)` takes no arguments"
                               : "too many arguments for \(command.usage) (quote a path with spaces)")
        }
        return try command.actions(arguments, state)
    }

    /// The command of `table` one of whose names is `name`, in any case.
    public static func command(named name: String, in table: [Command] = Command.standard) -> Command? {
        let name = name.lowercased()
        return table.first { $0.names.contains(name) }
    }

    /// The words of `line`, split at spaces; double quotes keep spaces inside a word and are removed.
    static func words(_ line: String) throws(CommandError) -> [String] {
        var words: [String] = []
        var word: String?
        var quoted = false
        for character in line {
            if character == "\"" {
                quoted.toggle()
                word = word ?? ""
            } else if character.isWhitespace && !quoted {
                if let finished = word { words.append(finished) }
                word = nil
            } else {
                word = (word ?? "") + String(character)
            }
        }
        if quoted { throw CommandError("a quote is not closed; end the quoted word with \"") }
        if let word { words.append(word) }
        return words
    }
}
