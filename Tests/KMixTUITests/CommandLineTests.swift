import Testing
@testable import KMix
@testable import KMixTUI

/// The `:` command line: keys, editing, Tab completion, history, and running commands through the reducer.
@Suite struct CommandLineTests {
    /// `state` after `:` and typing `text`.
    func typed(_ text: String, in state: AppState = Fixtures.state()) -> AppState {
        var state = state
        _ = reduce(&state, .openCommandLine)
        for character in text { _ = reduce(&state, .commandEdit(.insert(character))) }
        return state
    }

    /// The line after typing `text` and pressing Tab `tabs` times.
    func completed(_ text: String, tabs: Int = 1, in state: AppState = Fixtures.state()) -> CommandPrompt {
        var state = typed(text, in: state)
        for _ in 0..<tabs { _ = reduce(&state, .commandComplete) }
        return state.commandLine!
    }

    /// Runs `line` as typed and submitted; returns the effects.
    func run(_ line: String, _ state: inout AppState) -> [Effect] {
        state = typed(line, in: state)
        return reduce(&state, .commandSubmit)
    }

    @Test func colonOpensTheLineAndTheLineTakesTheKeys() {
        var state = Fixtures.state()
        state.entry = "4"
        let map = KeyMap.standard
        guard case .openCommandLine? = map.action(for: .character(":"), in: state) else { Issue.record(":"); return }
        _ = reduce(&state, .openCommandLine)
        #expect(state.commandLine == CommandPrompt())
        #expect(state.entry == nil)
        let expected: [(Key, Action)] = [(.character("q"), .commandEdit(.insert("q"))), (.enter, .commandSubmit),
                                         (.escape, .commandCancel), (.control("c"), .commandCancel),
                                         (.backspace, .commandEdit(.deleteBackward)), (.control("u"), .commandEdit(.deleteToStart)),
                                         (.left, .commandEdit(.left)), (.home, .commandEdit(.home)),
                                         (.control("e"), .commandEdit(.end)), (.delete, .commandEdit(.deleteForward)),
                                         (.control("w"), .commandEdit(.deleteWordBackward)),
                                         (.tab, .commandComplete), (.up, .commandHistory(-1)), (.down, .commandHistory(1))]
        for (key, action) in expected {
            #expect(map.action(for: key, in: state).map { "\($0)" } == "\(action)", "\(key)")
        }
        #expect(map.action(for: .pageUp, in: state) == nil)
    }

    @Test func typingBackspaceClearAndCancel() {
        var state = typed("rankx")
        _ = reduce(&state, .commandEdit(.deleteBackward))
        #expect(state.commandLine?.text == "rank")
        _ = reduce(&state, .commandEdit(.deleteToStart))
        #expect(state.commandLine?.text == "")
        _ = reduce(&state, .commandEdit(.deleteBackward))
        #expect(state.commandLine == nil, "Backspace on an empty line closes it")
        state = typed("undo")
        _ = reduce(&state, .commandCancel)
        #expect(state.commandLine == nil)
        #expect(state.commandHistory.isEmpty)
    }

    @Test func submittingRunsTheCommandThroughTheReducer() {
        var state = Fixtures.state()
        #expect(run("preset lora-r8", &state).isEmpty)
        #expect(state.commandLine == nil)
        #expect(state.plan == AdapterPlan(preset: .lora(rank: 8), shape: Fixtures.shape))
        #expect(state.trainableParameters == 73_728)
        #expect(state.message == StatusMessage("Preset lora-r8"))
        _ = run("undo", &state)
        #expect(state.plan == AdapterPlan(preset: .paperNLU, shape: Fixtures.shape))
        #expect(state.commandHistory == ["preset lora-r8", "undo"])
    }

    @Test func commandsGiveTheEffectsOfTheirActions() {
        var state = Fixtures.state()
        guard case let .savePlan(plan, path)? = run("save \"a b.json\"", &state).first else { Issue.record("no save"); return }
        #expect(path == "a b.json" && plan == state.plan)
        guard case .loadPlan(path: "p.json")? = run("open p.json", &state).first else { Issue.record("no load"); return }
        guard case .loadTheme("light")? = run("theme light", &state).first else { Issue.record("no theme"); return }
        guard case .quit? = run("q", &state).first else { Issue.record("no quit"); return }
        #expect(state.shouldQuit)
    }

    @Test func badCommandsSayWhyAndChangeNothing() {
        var state = Fixtures.state()
        let plan = state.plan
        #expect(run("foo bar", &state).isEmpty)
        #expect(state.message == StatusMessage("unknown command `foo`; try :help", kind: .error))
        #expect(run("rank 1 2", &state).isEmpty)
        #expect(state.message?.kind == .error)
        #expect(state.plan == plan)
        #expect(state.commandLine == nil)
        #expect(state.commandHistory == ["foo bar", "rank 1 2"], "refused lines are kept to fix them")
    }

    @Test func rankSharedProjAndApplyEditThePlan() {
        var state = Fixtures.state()
        state.cursor = HeadPosition(layer: 1, head: 4)
        _ = run("proj o", &state)
        _ = run("rank 5", &state)
        _ = run("layer", &state)
        #expect(state.plan.layers[1].ranks(.output) == Array(repeating: 5, count: 12))
        _ = run("shared 9", &state)
        #expect(state.plan.layers[1].sharedRank(.output) == 9)
        _ = run("target 100000", &state)
        #expect(state.target == 100_000)
        _ = run("metric importance", &state)
        #expect(state.metric == .importance)
    }

    @Test func emptyLinesAreNotRemembered() {
        var state = Fixtures.state()
        #expect(run("   ", &state).isEmpty)
        #expect(state.commandHistory.isEmpty)
        #expect(state.message == nil)
    }

    @Test func historyRecallsEarlierLinesAndTheDraft() {
        var state = Fixtures.state()
        _ = run("rank 3", &state)
        _ = run("layer", &state)
        _ = run("layer", &state)
        #expect(state.commandHistory == ["rank 3", "layer"])
        state = typed("un", in: state)
        _ = reduce(&state, .commandHistory(-1))
        #expect(state.commandLine?.text == "layer")
        _ = reduce(&state, .commandHistory(-1))
        _ = reduce(&state, .commandHistory(-1))
        #expect(state.commandLine?.text == "rank 3")
        _ = reduce(&state, .commandHistory(1))
        #expect(state.commandLine?.text == "layer")
        _ = reduce(&state, .commandHistory(1))
        #expect(state.commandLine?.text == "un")
        _ = reduce(&state, .commandHistory(1))
        #expect(state.commandLine?.text == "un")
    }

    @Test func historyKeepsTheLastHundredLines() {
        var state = Fixtures.state()
        for index in 0..<105 { _ = run("rank \(index)", &state) }
        #expect(state.commandHistory.count == AppState.commandHistoryLimit)
        #expect(state.commandHistory.first == "rank 5")
    }

    @Test func tabCompletesAUniqueCommandWithASpaceWhenItTakesArguments() {
        #expect(completed("pre").text == "preset ")
        #expect(completed("un").text == "undo")
        #expect(completed("PRE").text == "preset ")
        #expect(completed("zz").text == "zz")
        #expect(completed("zz").candidates.isEmpty)
    }

    @Test func tabListsSeveralMatchesThenCyclesThem() {
        let first = completed("re")
        #expect(first.text == "re")
        #expect(first.candidates == ["redo", "resume"])
        #expect(completed("re", tabs: 2).text == "redo")
        #expect(completed("re", tabs: 3).text == "resume")
        #expect(completed("re", tabs: 4).text == "redo")
        #expect(completed("ch").text == "checkpoint")
        #expect(completed("e").text == "e")
        #expect(completed("e").candidates == ["eval", "evaluate", "export"])
        #expect(completed("ev").text == "eval", "the common start of eval and evaluate")
    }

    @Test func tabCompletesTheFirstArgument() {
        #expect(completed("preset lo").text == "preset lora-r8")
        #expect(completed("preset paper").candidates == ["paper-nlu", "paper-nlg"])
        #expect(completed("preset paper").text == "preset paper-nl")
        #expect(completed("metric en").text == "metric entropy")
        #expect(completed("export p").text == "export peft")
        #expect(completed("proj ").candidates == ["q", "v", "o"])
        #expect(completed("help chec").text == "help checkpoint")
        #expect(completed("preset lora-r8 x").text == "preset lora-r8 x", "only the first argument completes")
        #expect(completed("rank 1").text == "rank 1")
        var state = Fixtures.state()
        state.themeNames = ["dark", "light", "mine"]
        #expect(completed("theme m", in: state).text == "theme mine")
    }

    @Test func typingAfterTabStartsAFreshCompletion() {
        var state = typed("re")
        _ = reduce(&state, .commandComplete)
        _ = reduce(&state, .commandEdit(.insert("s")))
        #expect(state.commandLine?.candidates == [])
        _ = reduce(&state, .commandComplete)
        #expect(state.commandLine?.text == "resume")
    }
}
