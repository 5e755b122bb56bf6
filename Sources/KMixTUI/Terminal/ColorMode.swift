/// Whether the UI uses colour.
public enum ColorMode: String, Sendable, CaseIterable {
    /// Colour when the terminal has it and `NO_COLOR` is not set.
    case auto
    /// Colour whenever the terminal has it, even under `NO_COLOR`.
    case always
    /// Attributes only.
    case never

    /// Whether colour is wanted, given the environment.
    public func wantsColor(environment: [String: String]) -> Bool {
        switch self {
        case .auto: return (environment["NO_COLOR"] ?? "").isEmpty
        case .always: return true
        case .never: return false
        }
    }
}
