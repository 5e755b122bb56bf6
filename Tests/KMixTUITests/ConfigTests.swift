import Foundation
import KMix
import Testing
@testable import KMixTUI

@Suite struct ConfigTests {
    static let sample = """
    # kmix-tui settings
    theme = "light"   # a comment after a value
    refresh_rate = 20
    glyphs = 'block'

    [keys]
    quit = "Q"
    edit_q = "ctrl-q"
    probe = "Ctrl-P"
    "train" = "F"
    """

    @Test func aFullConfigParses() throws {
        let config = try TUIConfig.parse(Self.sample, file: "config.toml")
        #expect(config.theme == "light")
        #expect(config.refreshRate == 20)
        #expect(config.glyphs == "block")
        #expect(config.keys.map(\.action) == ["quit", "edit_q", "probe", "train"])
        #expect(config.keys.map(\.line) == [7, 8, 9, 10])
    }

    @Test func anEmptyOrMissingFileKeepsTheDefaults() throws {
        #expect(try TUIConfig.parse("\n# nothing\n", file: "c") == { var c = TUIConfig(); c.file = "c"; return c }())
        #expect(try TUIConfig.load("/nonexistent/kmix/config.toml") == TUIConfig())
    }

    @Test(arguments: [
        ("theme = \"dark", "c.toml:1: the string is not closed: add a \" before the end of the line"),
        ("refresh_rate = fast", "c.toml:1: cannot read the value `fast`: use \"text\", a whole number, true or false"),
        ("\n\nthem = \"dark\"", "c.toml:3: unknown setting `them`; settings: theme, color, refresh_rate, glyphs, and a [keys] table"),
        ("theme = 3", "c.toml:1: `theme` takes a quoted string"),
        ("refresh_rate = 0", "c.toml:1: refresh_rate is 0; use 1 to 120 per second"),
        ("glyphs = \"dots\"", "c.toml:1: glyphs is \"dots\"; use \"braille\", \"block\" or \"ascii\""),
        ("[colors]\na = 1", "c.toml:2: unknown table `[colors]`; the only table is [keys]"),
        ("[keys\n", "c.toml:1: expected a table header like `[keys]`"),
        ("theme \"dark\"", "c.toml:1: expected `key = value`, found `theme \"dark\"`"),
        ("theme = \"a\"\ntheme = \"b\"", "c.toml:2: `theme` is set twice"),
        ("theme = \"a\" b", "c.toml:1: unexpected `b` after the string"),
        ("[keys]\nquit = 4", "c.toml:2: a key is a quoted string, like `quit = \"Q\"`"),
        ("color = \"rgb\"", "c.toml:1: color is \"rgb\"; use \"auto\", \"always\", \"never\", \"truecolor\", \"256\", \"16\" or \"8\""),
        ("color = 88", "c.toml:1: color is 88; use \"auto\", \"always\", \"never\", \"truecolor\", \"256\", \"16\" or \"8\""),
        ("color = true", "c.toml:1: `color` takes a quoted string or a number of colours"),
    ])
    func syntaxAndValueErrorsNameFileAndLine(text: String, message: String) {
        #expect(throws: ConfigError.self) { try TUIConfig.parse(text, file: "c.toml") }
        do {
            _ = try TUIConfig.parse(text, file: "c.toml")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func colorTakesAModeOrADepth() throws {
        #expect(try TUIConfig.parse("color = \"truecolor\"", file: "c").color == .trueColor)
        #expect(try TUIConfig.parse("color = \"never\"", file: "c").color == .never)
        #expect(try TUIConfig.parse("color = 256", file: "c").color == .palette256)
        #expect(try TUIConfig.parse("color = \"16\"", file: "c").color == .ansi16)
    }

    @Test func stringsKeepEscapesAndHashes() throws {
        let config = try TUIConfig.parse(##"theme = "my \"#1\" theme\\x""##, file: "c")
        #expect(config.theme == ##"my "#1" theme\x"##)
    }

    @Test func keyOverridesReplaceTheActionsKeys() throws {
        let config = try TUIConfig.parse(Self.sample, file: "c")
        let map = try KeyMap.standard.overriding(config.keys, file: "c")
        let state = Fixtures.state()
        guard case .requestQuit? = map.action(for: .character("Q"), in: state),
              case .selectProjection(.query)? = map.action(for: .control("q"), in: state),
              case .requestProbe? = map.action(for: .control("p"), in: state),
              case .requestTraining? = map.action(for: .character("F"), in: state) else {
            Issue.record("overrides not applied")
            return
        }
        #expect(map.action(for: .character("q"), in: state) == nil)
        #expect(map.action(for: .character("t"), in: state) == nil)
        #expect(map.hints(for: .heads).contains { $0.key == .character("Q") && $0.hint == "quit" })
    }

    @Test(arguments: [
        ("fly = \"f\"", "c:2: unknown action `fly`; actions: "),
        ("quit = \"F1x\"", "c:2: unknown key \"F1x\"; use one character"),
        ("quit = \"p\"", "c:2: \"p\" is already the key of `preset`; rebind that action too"),
    ])
    func badOverridesAreErrors(line: String, prefix: String) throws {
        let config = try TUIConfig.parse("[keys]\n" + line, file: "c")
        do {
            _ = try KeyMap.standard.overriding(config.keys, file: "c")
            Issue.record("expected an error")
        } catch {
            #expect(error.description.hasPrefix(prefix), "\(error)")
        }
    }

    @Test func swappingTwoKeysIsAllowed() throws {
        let config = try TUIConfig.parse("[keys]\nquit = \"p\"\npreset = \"q\"", file: "c")
        let map = try KeyMap.standard.overriding(config.keys, file: "c")
        guard case .requestQuit? = map.action(for: .character("p"), in: Fixtures.state()),
              case .openDialog(.preset)? = map.action(for: .character("q"), in: Fixtures.state()) else {
            Issue.record("the swap did not apply")
            return
        }
    }

    @Test func everyKeyLabelReadsBack() {
        for binding in KeyMap.standard.bindings where binding.key != .resize {
            #expect(KeyNames.key(binding.key.label) == binding.key, "\(binding.key.label)")
        }
    }

    @Test func theDefaultPathFollowsXDG() {
        #expect(TUIConfig.defaultPath(environment: ["XDG_CONFIG_HOME": "/x"]) == "/x/kmix/config.toml")
        #expect(TUIConfig.defaultPath(environment: [:]).hasSuffix("/.config/kmix/config.toml"))
    }
}
