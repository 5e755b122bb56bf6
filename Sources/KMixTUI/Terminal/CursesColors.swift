import CNCursesW

/// Styles as ncurses attributes and colour pairs, for a theme on a terminal's colour setup; pairs are defined as
/// styles first need them and kept across themes.
struct CursesColors {
    private struct PairKey: Hashable {
        let foreground: Int
        let background: Int
    }

    /// How colour is drawn (attributes only when the terminal turned out to have no colour).
    let setup: ColorSetup
    private var theme: Theme
    private var roleColors: [ColorRole: Int]
    private var pairs: [PairKey: Int32] = [:]
    private var nextPair: Int32 = 1

    /// Colours for `theme` on `setup`.
    init(theme: Theme, setup: ColorSetup) {
        self.setup = setup
        self.theme = theme
        roleColors = Self.roleColors(theme, setup)
    }

    /// Draws with `theme` from now on.
    mutating func setTheme(_ theme: Theme) {
        self.theme = theme
        roleColors = Self.roleColors(theme, setup)
    }

    /// The colour number of each role in `theme` (empty without colour).
    private static func roleColors(_ theme: Theme, _ setup: ColorSetup) -> [ColorRole: Int] {
        guard let depth = setup.depth else { return [:] }
        return Dictionary(uniqueKeysWithValues: ColorRole.allCases.map {
            ($0, theme.entry($0).color.number(depth: depth, direct: setup.direct))
        })
    }

    /// The attributes and colour pair that draw `style`.
    mutating func resolve(_ style: Style) -> (attr_t, Int32) {
        var attributes = style.attributes
        var pair: Int32 = 0
        if setup.depth != nil {
            attributes.formUnion(theme.entry(style.foreground).attributes)
            pair = pairNumber(PairKey(foreground: roleColors[style.foreground] ?? -1,
                                      background: roleColors[style.background] ?? -1))
        } else {
            attributes.formUnion(Theme.monochromeAttributes(style.foreground))
        }
        var result = kmix_a_normal()
        if attributes.contains(.bold) { result |= kmix_a_bold() }
        if attributes.contains(.dim) { result |= kmix_a_dim() }
        if attributes.contains(.reverse) { result |= kmix_a_reverse() }
        if attributes.contains(.underline) { result |= kmix_a_underline() }
        return (result, pair)
    }

    private mutating func pairNumber(_ key: PairKey) -> Int32 {
        if key.foreground < 0 && key.background < 0 { return 0 }
        if let pair = pairs[key] { return pair }
        guard nextPair < kmix_color_pairs() else { return 0 }
        let pair = nextPair
        nextPair += 1
        _ = kmix_init_pair(pair, Int32(key.foreground), Int32(key.background))
        pairs[key] = pair
        return pair
    }
}
