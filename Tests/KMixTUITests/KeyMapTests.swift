import Foundation
import Testing
@testable import KMixTUI

@Suite struct KeyMapTests {
    let keyMap = KeyMap.standard

    @Test func lowerQQuitsAndCapitalsPickProjections() {
        let state = Fixtures.state()
        guard case .requestQuit? = keyMap.action(for: .character("q"), in: state) else { Issue.record("q"); return }
        guard case .selectProjection(.query)? = keyMap.action(for: .character("Q"), in: state) else { Issue.record("Q"); return }
        guard case .selectProjection(.value)? = keyMap.action(for: .character("V"), in: state) else { Issue.record("V"); return }
        guard case .selectProjection(.output)? = keyMap.action(for: .character("O"), in: state) else { Issue.record("O"); return }
        guard case .cycleProjection? = keyMap.action(for: .tab, in: state) else { Issue.record("Tab"); return }
    }

    @Test func movementKeys() {
        let state = Fixtures.state()
        for (key, expected) in [(Key.character("j"), (1, 0)), (.character("k"), (-1, 0)), (.character("h"), (0, -1)),
                                (.character("l"), (0, 1)), (.down, (1, 0)), (.right, (0, 1))] {
            guard case let .move(layers, heads)? = keyMap.action(for: key, in: state) else { Issue.record("\(key)"); continue }
            #expect(layers == expected.0 && heads == expected.1)
        }
    }

    @Test func digitsStartAnEntryAndEnterSubmitsIt() {
        var state = Fixtures.state()
        guard case .entryDigit("7")? = keyMap.action(for: .character("7"), in: state) else { Issue.record("7"); return }
        state.entry = "7"
        guard case .entrySubmit? = keyMap.action(for: .enter, in: state) else { Issue.record("Enter"); return }
        guard case .entryCancel? = keyMap.action(for: .escape, in: state) else { Issue.record("Esc"); return }
    }

    @Test func dialogsTakeEveryCharacter() {
        var state = Fixtures.state()
        _ = reduce(&state, .openDialog(.savePlan))
        guard case .dialogEdit(.insert("q"))? = keyMap.action(for: .character("q"), in: state) else { Issue.record("q"); return }
        guard case .dialogSubmit? = keyMap.action(for: .enter, in: state) else { Issue.record("Enter"); return }
        guard case .dialogEdit(.deleteToStart)? = keyMap.action(for: .control("u"), in: state) else { Issue.record("^U"); return }
    }

    @Test func tabTurnsHelpPagesAndAnyOtherKeyClosesHelp() {
        var state = Fixtures.state()
        state.overlay = .help(page: 0)
        guard case .closeOverlay? = keyMap.action(for: .character("x"), in: state) else { Issue.record("x"); return }
        guard case .helpPage(1)? = keyMap.action(for: .tab, in: state) else { Issue.record("Tab"); return }
        guard case .helpPage(-1)? = keyMap.action(for: .backTab, in: state) else { Issue.record("S-Tab"); return }
        #expect(keyMap.action(for: .resize, in: state).map { "\($0)" } == nil)
    }

    @Test func trainingScreenHasItsOwnKeys() {
        var state = Fixtures.state()
        state.screen = .training
        guard case .showScreen(.heads)? = keyMap.action(for: .character("1"), in: state) else { Issue.record("1"); return }
        #expect(keyMap.action(for: .character("+"), in: state).map { "\($0)" } == nil)
        guard case .togglePause? = keyMap.action(for: .character(" "), in: state) else { Issue.record("Space"); return }
    }

    @Test func noKeyIsBoundTwiceInOneContext() {
        var seen = Set<String>()
        for binding in keyMap.bindings {
            let id = "\(binding.context.rawValue) \(binding.key)"
            #expect(!seen.contains(id), "\(id) bound twice")
            seen.insert(id)
        }
    }

    /// Each `[keys]` name stands for one action and each action has one name; every name is bound, and only the
    /// digits that type a rank have none.
    @Test func namesAndActionsCorrespondOneToOne() {
        var actionOfName: [ActionName: String] = [:], nameOfAction: [String: ActionName] = [:]
        for binding in keyMap.bindings {
            let action = String(describing: binding.action)
            guard let name = binding.name else {
                if case .entryDigit = binding.action { continue }
                Issue.record("\(action) has no name")
                continue
            }
            #expect(actionOfName[name, default: action] == action, "\(name.rawValue) names two actions")
            #expect(nameOfAction[action, default: name] == name, "\(action) has two names")
            actionOfName[name] = action
            nameOfAction[action] = name
        }
        #expect(Set(actionOfName.keys) == Set(ActionName.allCases))
    }

    @Test func helpAndHintsComeFromTheTable() {
        let sections = HelpOverlay.sections(keyMap)
        #expect(sections.map(\.title) == ["Everywhere", "Heads", "Runs", "Editing a line (: and dialogs)", "Commands (type : first)"])
        #expect(sections[1].rows.contains { $0.keys == "+ / -" && $0.description == "raise / lower head rank" })
        #expect(sections[1].rows.contains { $0.keys == "a" && $0.description == "auto-allocate ranks" })
        #expect(sections[0].rows.contains { $0.keys == ":" && $0.description == "command line" })
        #expect(sections[2].rows.contains { $0.keys == "v" && $0.description == "select a run to compare" })
        #expect(sections[3].rows.contains { $0.keys == "^W" && $0.description == "delete the word before" })
        #expect(sections[4].rows.contains { $0.keys == "preset [NAME]" && $0.description == "apply a preset" })
        #expect(sections[4].rows.count == Command.standard.count + Command.standard.filter { !$0.aliases.isEmpty }.count)
        #expect(keyMap.hints(for: .heads).contains { $0.hint == "preset" })
        #expect(!keyMap.hints(for: .training).contains { $0.hint == "preset" })
    }
}

@Suite struct KeyReferenceTests {
    /// `docs/tui-keys.md` is the key map; `KMIX_RECORD_GOLDEN=1` rewrites it.
    @Test func theKeyPageMatchesTheKeyMap() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/tui-keys.md")
        let actual = KeyReference.markdown(.standard)
        if ProcessInfo.processInfo.environment["KMIX_RECORD_GOLDEN"] == "1" {
            try actual.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        #expect(try String(contentsOf: file, encoding: .utf8) == actual)
    }
}

extension KeyMapTests {
    /// Rows fit the help overlay's two columns on an 80-column terminal: keys, a space, the description.
    @Test func helpFitsEightyColumns() {
        for section in HelpOverlay.sections(keyMap) {
            let keyWidth = max(HelpOverlay.minimumKeyWidth, section.rows.map(\.keys.count).max() ?? 0)
            for row in section.rows {
                #expect(keyWidth + 1 + row.description.count <= HelpOverlay.minimumColumnWidth - 2, "\(row)")
            }
        }
    }

    /// Help lists every name a command answers to, as `docs/tui-keys.md` does.
    @Test func helpListsCommandAliases() {
        let rows = HelpOverlay.sections(keyMap).last?.rows ?? []
        #expect(rows.contains(HelpRow(keys: "evaluate", description: "same as eval")))
        #expect(rows.contains(HelpRow(keys: "write, w", description: "same as checkpoint")))
        #expect(rows.contains(HelpRow(keys: "q", description: "same as quit")))
        let checkpoint = rows.firstIndex { $0.keys == "checkpoint" }
        #expect(checkpoint.map { rows[$0 + 1].keys } == "write, w")
    }

    /// At 80×24 the keys of every screen and of the heads screen fill the first page, the runs screen's and the
    /// line-editing keys the second, the commands the third; at 160×48 one page holds them all.
    @Test func helpPagesFollowTheTerminalSize() {
        let sections = HelpOverlay.sections(keyMap)
        let small = HelpOverlay.pages(sections, width: 78, height: 20)
        func titles(_ page: [HelpOverlay.Line]) -> [HelpOverlay.Line] {
            page.filter { if case .title = $0 { return true } else { return false } }
        }
        #expect(small.count == 3)
        #expect(titles(small[0]) == [.title("Everywhere"), .title("Heads")])
        #expect(titles(small[1]) == [.title("Runs"), .title("Editing a line (: and dialogs)")])
        #expect(small.count == 3 && titles(small[2]) == [.title("Commands (type : first)")])
        #expect(HelpOverlay.pages(sections, width: 158, height: 46).count == 1)
        let tiny = HelpOverlay.pages([HelpSection(title: "T", rows: Array(repeating: HelpRow(keys: "k", description: "d"), count: 9))],
                                     width: 40, height: 4)
        #expect(tiny.map(\.count) == [4, 4, 2])
    }
}
