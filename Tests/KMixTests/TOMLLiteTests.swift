import Testing
@testable import KMix

/// `TOMLLite` with floats and lists, as experiment specs read it; without them, as `config.toml` reads it.
@Suite struct TOMLLiteTests {
    @Test func floatsAndListsOverSeveralLines() throws {
        let text = """
        [grid]
        lr = [1e-3, 2.5E-3,   # a comment inside the list
              0.5, ]
        plan = ["paper-nlu", 'plans/a.json']
        seed = [42, 43]
        [base]
        warmup = 0.1
        keep-best = true
        """
        let entries = try TOMLLite.parse(text, file: "s.toml", accepting: [.floats, .arrays])
        #expect(entries.map(\.key) == ["lr", "plan", "seed", "warmup", "keep-best"])
        #expect(entries.map(\.line) == [2, 4, 5, 7, 8])
        #expect(entries[0].value == .array([.float(0.001), .float(0.0025), .float(0.5)]))
        #expect(entries[1].value == .array([.string("paper-nlu"), .string("plans/a.json")]))
        #expect(entries[2].value == .array([.integer(42), .integer(43)]))
        #expect(entries[3].value == .float(0.1) && entries[4].value == .boolean(true))
    }

    @Test(arguments: [
        ("a = [1, 2", "s.toml:1: the list is not closed: add a ] after its last value"),
        ("a = [1 2]", "s.toml:1: expected `,` or `]` after a value in the list, found `2]`"),
        ("a = [[1]]", "s.toml:1: a list inside a list is not supported; give scalars"),
        ("\na = [1,\n x]", "s.toml:3: cannot read the value `x` in the list: use \"text\", a number, true or false"),
        ("a = 1.", "s.toml:1: cannot read the value `1.`: use \"text\", a number, true or false, or a list of those in [ ]"),
    ])
    func badListsNameTheirLine(text: String, message: String) {
        do {
            _ = try TOMLLite.parse(text, file: "s.toml", accepting: [.floats, .arrays])
            Issue.record("\(text) parsed")
        } catch {
            #expect(error.description == message)
        }
    }

    @Test func withoutFeaturesFloatsAndListsAreRefused() {
        #expect(throws: ConfigError.self) { try TOMLLite.parse("a = 0.5", file: "c.toml") }
        #expect(throws: ConfigError.self) { try TOMLLite.parse("a = [1]", file: "c.toml") }
    }
}
