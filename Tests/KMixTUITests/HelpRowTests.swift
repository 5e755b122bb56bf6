import Testing
@testable import KMixTUI

/// Help rows name the keys of the bindings that share them, before and after `[keys]` overrides.
@Suite struct HelpRowTests {
    func keys(_ map: KeyMap, _ context: KeyContext, _ description: String) -> String? {
        map.helpRows(for: context).first { $0.description == description }?.keys
    }

    func overriding(_ lines: String) throws -> KeyMap {
        let config = try TUIConfig.parse("[keys]\n" + lines, file: "c")
        return try KeyMap.standard.overriding(config.keys, file: "c")
    }

    @Test func defaultRowsGroupTheirKeys() {
        let map = KeyMap.standard
        #expect(keys(map, .global, "move the selected head") == "←↓↑→ hjkl")
        #expect(keys(map, .global, "first / last layer") == "PgUp / PgDn")
        #expect(keys(map, .global, "fewer / more chart steps") == "< / >")
        #expect(keys(map, .global, "quit (asks if training)") == "q")
        #expect(keys(map, .heads, "raise / lower head rank") == "+ / -")
        #expect(keys(map, .heads, "type a rank, then Enter") == "0-9")
        #expect(keys(map, .global, "heads / training / runs") == "F1 / F2 / F3")
        #expect(map.helpRows(for: .training).isEmpty, "the training screen's 1, 2 and 3 are unlisted aliases")
        #expect(keys(map, .runs, "select a run to compare") == "v")
    }

    @Test func overridesShowTheirKeys() throws {
        let map = try overriding("rank_up = \"K\"\nup = \"W\"\nquit = \"Ctrl-Q\"\nnarrow_window = \"Space\"\npause = \"z\"\ncommand = \";\"")
        #expect(keys(map, .heads, "raise / lower head rank") == "K / -")
        #expect(keys(map, .global, "move the selected head") == "←↓W→ hjl")
        #expect(keys(map, .global, "quit (asks if training)") == "Ctrl-Q")
        #expect(keys(map, .global, "fewer / more chart steps") == "Space / >")
        #expect(keys(map, .global, "pause or resume training") == "z")
        #expect(keys(map, .global, "command line") == ";")
        guard case .openCommandLine? = map.action(for: .character(";"), in: Fixtures.state()) else { Issue.record(";"); return }
        #expect(map.hints(for: .training).contains { $0.key == .character("z") && $0.hint == "pause" })
        #expect(map.hints(for: .heads).contains { $0.key == .character("K") && $0.hint == "rank" })
    }

    @Test func aRebindingOfTheSecondKeyKeepsTheFirst() throws {
        let map = try overriding("rank_down = \"_\"\nlast_layer = \"G\"")
        #expect(keys(map, .heads, "raise / lower head rank") == "+ / _")
        #expect(keys(map, .global, "first / last layer") == "PgUp / G")
    }

    @Test(arguments: [
        (["a", "b"], "a / b"),
        (["a", "c", "b"], "acb"),
        (["0", "1", "2"], "0-2"),
        (["Home", "End", "x"], "Home / End / x"),
    ])
    func labelsJoinByCountAndWidth(labels: [String], expected: String) {
        let bindings = labels.enumerated().map { index, label in
            KeyBinding(KeyNames.key(label)!, .global, .move(layers: index, heads: 0), "row", name: nil)
        }
        #expect(HelpRow.label(bindings) == expected)
    }
}
