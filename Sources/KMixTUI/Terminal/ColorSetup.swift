/// Why the colours asked for cannot be shown.
public struct ColorSetupError: Error, Equatable, CustomStringConvertible {
    public let description: String
}

/// How curses is started for colour: which terminfo entry, which depth.
public struct ColorSetup: Sendable, Equatable {
    /// The terminfo entry to start curses with (nil: `$TERM`'s).
    public var terminfo: String?
    /// The colours drawn (nil: attributes only).
    public var depth: ColorDepth?
    /// Whether the entry takes 24-bit colour numbers (see `ThemeColor.number(depth:direct:)`).
    public var direct: Bool

    /// A setup drawing `depth` through `terminfo`.
    public init(terminfo: String? = nil, depth: ColorDepth?, direct: Bool = false) {
        self.terminfo = terminfo
        self.depth = depth
        self.direct = direct
    }

    /// No colour: attributes only.
    public static let attributesOnly = ColorSetup(depth: nil)

    /// The setup for `mode` given the environment (`TERM`, `COLORTERM`, `NO_COLOR`) and `terminfo`, which reads
    /// an entry's colours (nil: no such entry).
    ///
    /// ncurses emits 24-bit colour only through an entry with direct colour. When `TERM`'s entry has it, true
    /// colour is used. When it does not but `COLORTERM` is `truecolor` or `24bit` (the terminal takes 24-bit colour
    /// although `TERM` names a 256-colour entry), the same terminal's direct-colour entry is used if it is installed
    /// (`xterm-256color` → `xterm-direct`, `tmux-256color` → `tmux-direct`); otherwise the entry's own colours.
    /// A forced depth the terminal cannot show is an error, not a silent downgrade; messages read after `--color X: `.
    public static func detect(mode: ColorMode, environment: [String: String],
                              terminfo: (String) -> TerminfoColors?) throws(ColorSetupError) -> ColorSetup {
        if mode == .never || (mode == .auto && !(environment["NO_COLOR"] ?? "").isEmpty) { return .attributesOnly }
        let term = environment["TERM"] ?? ""
        let own = term.isEmpty ? nil : terminfo(term)
        let sibling = directSibling(of: term)
        func siblingSetup() -> ColorSetup? {
            guard let sibling, terminfo(sibling)?.isDirect == true else { return nil }
            return ColorSetup(terminfo: sibling, depth: .trueColor, direct: true)
        }
        let ownColors = own.map { "\($0.colors) colours" } ?? "no terminfo entry"
        switch mode.forcedDepth {
        case nil:
            guard let own else { return .attributesOnly }
            if own.isDirect { return ColorSetup(depth: .trueColor, direct: true) }
            let colorTerm = (environment["COLORTERM"] ?? "").lowercased()
            if colorTerm == "truecolor" || colorTerm == "24bit", let setup = siblingSetup() { return setup }
            return ColorSetup(depth: own.depth)
        case .trueColor?:
            if own?.isDirect == true { return ColorSetup(depth: .trueColor, direct: true) }
            if let setup = siblingSetup() { return setup }
            throw ColorSetupError(description: "TERM=\(term) has \(ownColors) and no direct colour"
                                  + (sibling.map { ", and \($0) is not installed" } ?? "")
                                  + "; set TERM to a direct-colour entry such as xterm-direct or tmux-direct"
                                  + " (on Debian in the ncurses-term package)")
        case let depth?:
            guard let own, let available = own.depth, depth <= available else {
                throw ColorSetupError(description: "TERM=\(term) has \(ownColors); use a smaller depth or auto")
            }
            return ColorSetup(depth: depth, direct: own.isDirect)
        }
    }

    /// The direct-colour terminfo entry of the same terminal as `term`: its name with a `-256color`-style suffix
    /// replaced by `-direct` (nil when it is already a direct-colour name or empty).
    public static func directSibling(of term: String) -> String? {
        guard !term.isEmpty, !term.contains("-direct") else { return nil }
        var base = Substring(term)
        if let dash = base.lastIndex(of: "-"), base[base.index(after: dash)...].hasSuffix("color") { base = base[..<dash] }
        return base + "-direct"
    }
}
