/// What a colour means; themes give each role a colour.
public enum ColorRole: String, Sendable, CaseIterable, Hashable {
    case text, muted, accent, border, title, selection, statusBar
    case heat0, heat1, heat2, heat3, heat4
    case series1, series2, series3, series4, series5, series6
    /// A diverging scale around 0 (rank changes): strong and weak decreases, weak and strong increases.
    case decrease2, decrease1, increase1, increase2
    case success, warning, error
    case background

    /// The heat-map roles from low to high.
    public static let heat: [ColorRole] = [.heat0, .heat1, .heat2, .heat3, .heat4]
    /// The series roles, in the order runs and curves take them.
    public static let series: [ColorRole] = [.series1, .series2, .series3, .series4, .series5, .series6]

    /// A one-letter code used by golden rendering files.
    public var code: Character {
        switch self {
        case .text: return "."
        case .muted: return "m"
        case .accent: return "a"
        case .border: return "b"
        case .title: return "t"
        case .selection: return "s"
        case .statusBar: return "S"
        case .heat0: return "0"
        case .heat1: return "1"
        case .heat2: return "2"
        case .heat3: return "3"
        case .heat4: return "4"
        case .series1: return "x"
        case .series2: return "y"
        case .series3: return "z"
        case .series4: return "p"
        case .series5: return "q"
        case .series6: return "n"
        case .decrease2: return "D"
        case .decrease1: return "d"
        case .increase1: return "i"
        case .increase2: return "I"
        case .success: return "g"
        case .warning: return "w"
        case .error: return "e"
        case .background: return " "
        }
    }
}
