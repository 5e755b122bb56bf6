/// Why a settings file (kmix-tui's `config.toml`, an experiment spec) was refused; the message names the file and
/// line.
public struct ConfigError: Error, Equatable, CustomStringConvertible {
    /// The file's path.
    public let file: String
    /// The 1-based line of the problem (0: the whole file).
    public let line: Int
    /// What is wrong.
    public let reason: String

    /// An error at `line` of `file`.
    public init(file: String, line: Int, reason: String) {
        self.file = file
        self.line = line
        self.reason = reason
    }

    public var description: String { line > 0 ? "\(file):\(line): \(reason)" : "\(file): \(reason)" }
}
