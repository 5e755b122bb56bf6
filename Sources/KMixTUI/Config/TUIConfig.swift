import Foundation
import KMix

/// `config.toml`: the theme, colour mode, refresh rate, glyph set and key overrides; nil settings keep their defaults.
public struct TUIConfig: Sendable, Equatable {
    /// A `[keys]` line: give `action` the key `key`.
    public struct KeyOverride: Sendable, Equatable {
        /// The action's name (an `ActionName`).
        public var action: String
        /// The key's name (see `KeyNames.key(_:)`).
        public var key: String
        /// The line in the config file, for errors.
        public var line: Int

        /// An override of `action` by `key` from `line`.
        public init(action: String, key: String, line: Int) {
            self.action = action
            self.key = key
            self.line = line
        }
    }

    /// A theme name or path (`--theme` wins).
    public var theme: String?
    /// `auto`, `always`, `never`, `truecolor`, `256`, `16` or `8` (`--color` wins).
    public var color: ColorMode?
    /// Redraws (and key polls) per second.
    public var refreshRate: Int?
    /// `braille`, `block` or `ascii` (`--glyphs` wins).
    public var glyphs: String?
    /// Key overrides in file order.
    public var keys: [KeyOverride] = []
    /// Where the settings came from, for errors about them.
    public var file = ""

    /// No settings: every default.
    public init() {}

    /// The refresh rates accepted.
    public static let refreshRates = 1...120

    /// `$XDG_CONFIG_HOME/kmix/config.toml`, else `~/.config/kmix/config.toml`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let config = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? NSHomeDirectory() + "/.config"
        return config + "/kmix/config.toml"
    }

    /// The config at `path`: no settings when the file does not exist.
    public static func load(_ path: String = defaultPath()) throws(ConfigError) -> TUIConfig {
        guard FileManager.default.fileExists(atPath: path) else { return TUIConfig() }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(file: path, line: 0, reason: "cannot read the file (is it UTF-8 text?)")
        }
        return try parse(text, file: path)
    }

    /// The config in `text`; `file` names it in errors.
    public static func parse(_ text: String, file: String) throws(ConfigError) -> TUIConfig {
        var config = TUIConfig()
        config.file = file
        for entry in try TOMLLite.parse(text, file: file) {
            func fail(_ reason: String) -> ConfigError { ConfigError(file: file, line: entry.line, reason: reason) }
            switch (entry.table, entry.key, entry.value) {
            case let ("", "theme", .string(name)):
                config.theme = name
            case let ("", "refresh_rate", .integer(rate)):
                guard refreshRates.contains(rate) else {
                    throw fail("refresh_rate is \(rate); use \(refreshRates.lowerBound) to \(refreshRates.upperBound) per second")
                }
                config.refreshRate = rate
            case let ("", "glyphs", .string(name)):
                guard GlyphSet.named(name) != nil else { throw fail("glyphs is \"\(name)\"; use \"braille\", \"block\" or \"ascii\"") }
                config.glyphs = name
            case let ("", "color", .string(name)):
                guard let mode = ColorMode(rawValue: name) else { throw fail("color is \"\(name)\"; use \(ColorMode.quotedValues)") }
                config.color = mode
            case let ("", "color", .integer(depth)):
                guard let mode = ColorMode(rawValue: String(depth)) else { throw fail("color is \(depth); use \(ColorMode.quotedValues)") }
                config.color = mode
            case ("", "theme", _), ("", "glyphs", _):
                throw fail("`\(entry.key)` takes a quoted string")
            case ("", "color", _):
                throw fail("`color` takes a quoted string or a number of colours")
            case ("", "refresh_rate", _):
                throw fail("`refresh_rate` takes a whole number")
            case let ("keys", action, .string(key)):
                config.keys.append(KeyOverride(action: action, key: key, line: entry.line))
            case ("keys", _, _):
                throw fail("a key is a quoted string, like `quit = \"Q\"`")
            case ("", _, _):
                throw fail("unknown setting `\(entry.key)`; settings: theme, color, refresh_rate, glyphs, and a [keys] table")
            default:
                throw fail("unknown table `[\(entry.table)]`; the only table is [keys]")
            }
        }
        return config
    }
}
