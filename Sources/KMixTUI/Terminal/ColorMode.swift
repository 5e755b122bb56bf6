/// Whether the UI uses colour, and how many (`--color`, `color` in `config.toml`).
public enum ColorMode: String, Sendable, CaseIterable {
    /// The most colours the terminal has, unless `NO_COLOR` is set.
    case auto
    /// The most colours the terminal has, even under `NO_COLOR`.
    case always
    /// Attributes only.
    case never
    /// 24-bit colour; an error when the terminal's terminfo has no direct colour.
    case trueColor = "truecolor"
    /// The 256-colour palette.
    case palette256 = "256"
    /// The first 16 palette entries.
    case ansi16 = "16"
    /// The first 8 palette entries.
    case ansi8 = "8"

    /// The depth this mode asks for (nil: the terminal's).
    public var forcedDepth: ColorDepth? { ColorDepth(rawValue: rawValue) }

    /// The accepted values, quoted, for messages: `"auto", "always", …, or "8"`.
    public static let quotedValues = allCases.dropLast().map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
        + " or \"\(allCases.last!.rawValue)\""
}
