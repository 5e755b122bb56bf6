/// A `:` command: its names, its arguments, and the reducer actions it stands for.
///
/// Commands live in one table (`Command.standard`) that also generates the Commands section of the `?`
/// overlay and of `docs/tui-keys.md`, and the candidates Tab offers.
public struct Command: Sendable {
    /// The name help shows.
    public let name: String
    /// Other names the command answers to.
    public let aliases: [String]
    /// The arguments as help shows them: `NAME` is required, `[PATH]` optional, `[FMT [DIR]]` nested; empty: none.
    public let arguments: String
    /// What the command does, for help.
    public let description: String
    /// The actions the command stands for, given its arguments (their count already checked against
    /// `arguments`) and the state it runs in; throws for an argument it cannot use.
    let actions: @Sendable (_ arguments: [String], _ state: AppState) throws(CommandError) -> [Action]
    /// The values Tab offers for the first argument.
    let candidates: @Sendable (_ state: AppState) -> [String]
    /// The positions of the arguments that are file paths, which Tab completes from the file system.
    let pathArguments: Set<Int>

    /// A command called `name` (or any of `aliases`) taking `arguments`, described by `description`, that
    /// stands for the result of `actions`, offers `candidates` for its first argument and completes the
    /// arguments at `pathArguments` as file paths.
    init(_ name: String, aliases: [String] = [], arguments: String = "", _ description: String,
         candidates: @escaping @Sendable (_ state: AppState) -> [String] = { _ in [] },
         pathArguments: Set<Int> = [],
         actions: @escaping @Sendable (_ arguments: [String], _ state: AppState) throws(CommandError) -> [Action]) {
        self.name = name
        self.aliases = aliases
        self.arguments = arguments
        self.description = description
        self.actions = actions
        self.candidates = candidates
        self.pathArguments = pathArguments
    }

    /// Every name of the command, `name` first.
    public var names: [String] { [name] + aliases }

    /// How to type it: `:name ARGUMENTS`.
    public var usage: String { arguments.isEmpty ? ":\(name)" : ":\(name) \(arguments)" }

    /// How many arguments it takes: one per word of `arguments`, those not in brackets required.
    public var arity: ClosedRange<Int> {
        let words = arguments.split(separator: " ")
        return words.filter { !$0.hasPrefix("[") }.count...words.count
    }
}

/// Why a command line was refused: one sentence for the status bar.
public struct CommandError: Error, Equatable, Sendable {
    public let message: String

    /// A refusal explained by `message`.
    public init(_ message: String) {
        self.message = message
    }
}
