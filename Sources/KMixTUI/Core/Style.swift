/// Text attributes a terminal can show without colour.
public struct Attributes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    public static let bold = Attributes(rawValue: 1)
    public static let reverse = Attributes(rawValue: 2)
    public static let dim = Attributes(rawValue: 4)
    public static let underline = Attributes(rawValue: 8)

    /// A one-letter code used by golden rendering files (the strongest attribute wins).
    public var code: Character {
        if contains(.reverse) { return "r" }
        if contains(.bold) { return "b" }
        if contains(.underline) { return "u" }
        if contains(.dim) { return "d" }
        return "."
    }
}

/// How a cell looks: colour roles for foreground and background, and attributes.
public struct Style: Sendable, Hashable {
    public var foreground: ColorRole
    public var background: ColorRole
    public var attributes: Attributes

    /// A style; the background defaults to the theme's background.
    public init(_ foreground: ColorRole = .text, background: ColorRole = .background, attributes: Attributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }

    /// Plain text.
    public static let plain = Style()

    /// The same style with `extra` attributes added.
    public func with(_ extra: Attributes) -> Style {
        Style(foreground, background: background, attributes: attributes.union(extra))
    }
}
