import Foundation

/// Colours and attributes by role.
public struct Theme: Sendable, Equatable {
    /// One role's look.
    public struct Entry: Sendable, Equatable {
        public var color: ThemeColor
        public var attributes: Attributes
        public init(_ color: ThemeColor, _ attributes: Attributes = []) {
            self.color = color
            self.attributes = attributes
        }
    }

    public var name: String
    public var entries: [ColorRole: Entry]

    public init(name: String, entries: [ColorRole: Entry]) {
        self.name = name
        self.entries = entries
    }

    /// The look of `role` (the default colour when the theme leaves it out).
    public func entry(_ role: ColorRole) -> Entry {
        entries[role] ?? Entry(.terminalDefault)
    }

    /// Attributes that stand in for colour under `NO_COLOR` and `--color never`.
    public static func monochromeAttributes(_ role: ColorRole) -> Attributes {
        switch role {
        case .accent, .title, .error, .warning, .heat4, .decrease2, .increase2: return .bold
        case .selection: return .reverse
        case .muted, .border, .heat0, .heat1: return .dim
        case .series2: return .dim
        default: return []
        }
    }

    /// The theme used when no theme file can be read: the shipped dark theme.
    public static let fallback = Theme(name: "dark", entries: [
        .text: Entry(.index(252)), .muted: Entry(.index(245)), .accent: Entry(.index(81)), .border: Entry(.index(240)),
        .title: Entry(.index(153)), .selection: Entry(.index(226)), .statusBar: Entry(.index(250)),
        .heat0: Entry(.index(238)), .heat1: Entry(.index(24)), .heat2: Entry(.index(31)), .heat3: Entry(.index(178)),
        .heat4: Entry(.index(203)), .series1: Entry(.index(81)), .series2: Entry(.index(244)), .series3: Entry(.index(150)),
        .series4: Entry(.index(213)), .series5: Entry(.index(221)), .series6: Entry(.index(141)),
        .decrease2: Entry(.index(124)), .decrease1: Entry(.index(52)), .increase1: Entry(.index(17)), .increase2: Entry(.index(25)),
        .success: Entry(.index(114)), .warning: Entry(.index(214)), .error: Entry(.index(203)), .background: Entry(.terminalDefault),
    ])
}
