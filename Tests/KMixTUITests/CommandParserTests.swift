import Testing
@testable import KMix
@testable import KMixTUI

/// `:` command lines read into reducer actions, and refused with one sentence.
@Suite struct CommandParserTests {
    func actions(_ line: String, _ state: AppState = Fixtures.state()) throws -> [String] {
        try CommandParser.actions(for: line, in: state).map { "\($0)" }
    }

    func refusal(_ line: String, _ state: AppState = Fixtures.state()) -> String? {
        do {
            _ = try CommandParser.actions(for: line, in: state)
            return nil
        } catch {
            return error.message
        }
    }

    @Test(arguments: [
        ("preset lora-r8", "applyPreset(KMix.AdapterPlan.Preset.lora(rank: 8))"),
        ("  PRESET   Paper-NLU ", "applyPreset(KMix.AdapterPlan.Preset.paperNLU)"),
        (":preset uniform-4", "applyPreset(KMix.AdapterPlan.Preset.uniform(rank: 4))"),
        ("preset", "openDialog(KMixTUI.Dialog.Kind.preset)"),
        ("rank 7", "setRank(7)"),
        ("proj v", "selectProjection(KMix.Projection.value)"),
        ("layer", "applyToLayer"),
        ("column", "applyToHeadIndex"),
        ("all", "applyToAll"),
        ("target 150,000", "setTarget(Optional(150000))"),
        ("target none", "setTarget(nil)"),
        ("target", "openDialog(KMixTUI.Dialog.Kind.target)"),
        ("undo", "undo"),
        ("redo", "redo"),
        ("save plans/a.json", "savePlan(path: \"plans/a.json\")"),
        ("save \"my plan.json\"", "savePlan(path: \"my plan.json\")"),
        ("save", "openDialog(KMixTUI.Dialog.Kind.savePlan)"),
        ("open a.json", "openPlan(path: \"a.json\")"),
        ("open", "openDialog(KMixTUI.Dialog.Kind.loadPlan)"),
        ("train", "requestTraining"),
        ("stop", "requestStop"),
        ("eval", "evaluateNow"),
        ("evaluate", "evaluateNow"),
        ("checkpoint", "saveNow"),
        ("w", "saveNow"),
        ("write", "saveNow"),
        ("probe", "requestProbe"),
        ("run runs/a", "openRun(path: \"runs/a\")"),
        ("run", "requestOpenRun"),
        ("export", "requestExport"),
        ("export merged", "exportRun(KMix.ExportFormat.merged, output: nil)"),
        ("export PEFT out/p", "exportRun(KMix.ExportFormat.peft, output: Optional(\"out/p\"))"),
        ("metric entropy", "selectMetric(KMixTUI.HeadMetric.entropy)"),
        ("metric", "cycleMetric"),
        ("theme light", "selectTheme(\"light\")"),
        ("theme", "cycleTheme"),
        ("quit", "requestQuit"),
        ("q", "requestQuit"),
    ])
    func goodLinesGiveTheirActions(line: String, expected: String) throws {
        #expect(try actions(line) == [expected])
    }

    @Test func sharedSetsTheRankThroughItsDelta() throws {
        var state = Fixtures.state()
        state.cursor.layer = 2
        #expect(state.plan.layers[2].sharedRank(.query) == 2)
        #expect(try actions("shared 6", state) == ["changeSharedRank(4)"])
        #expect(try actions("shared 0", state) == ["changeSharedRank(-2)"])
    }

    @Test func pauseAndResumeFollowTheRun() throws {
        var state = Fixtures.state()
        state.training.status = .running
        #expect(try actions("pause", state) == ["togglePause"])
        #expect(refusal("resume", state) == "No paused run to resume")
        state.training.status = .paused
        #expect(try actions("resume", state) == ["togglePause"])
        #expect(refusal("pause", state) == "The run is already paused; :resume continues it")
    }

    @Test func helpOpensOnItsLastPageWhereTheCommandsAre() throws {
        #expect(try actions("help") == ["openHelp", "helpPage(-1)"])
    }

    @Test func helpWithANameShowsItsUsage() throws {
        #expect(try actions("help checkpoint") == ["notify(KMixTUI.StatusMessage(text: \":checkpoint: save the adapters (also :write, :w)\", kind: KMixTUI.StatusMessage.Kind.info))"])
    }

    @Test(arguments: [
        ("foo", "unknown command `foo`; try :help"),
        ("help foo", "unknown command `foo`; try :help"),
        ("preset lora", "unknown preset `lora`; try paper-nlu, paper-nlg, lora-r8, lora-rN, lora-qvo-rN, uniform-N, none"),
        ("preset paper-nlx", "unknown preset `paper-nlx`; did you mean 'paper-nlu'?"),
        ("preset lora-8", "unknown preset `lora-8`; did you mean 'lora-r8'?"),
        ("rank", "`:rank` needs an argument: :rank N"),
        ("rank four", "`:rank` takes a whole number, not `four`"),
        ("rank -1", "`:rank` takes a whole number, not `-1`"),
        ("shared 1 2", "too many arguments for :shared N (quote a path with spaces)"),
        ("undo now", "`:undo` takes no arguments"),
        ("save my plan.json", "too many arguments for :save [PATH] (quote a path with spaces)"),
        ("save \"my plan.json", "a quote is not closed; end the quoted word with \""),
        ("target 0", "`:target` takes a positive whole number or none, not `0`"),
        ("target lots", "`:target` takes a positive whole number or none, not `lots`"),
        ("proj k", "`:proj` takes Q, V or O, not `k`"),
        ("metric speed", "unknown metric `speed`; try rank, parameters, norm, entropy, distance, importance"),
        ("export zip", "unknown format `zip`; try kmix, peft, merged"),
        ("export peft a b", "too many arguments for :export [FMT [DIR]] (quote a path with spaces)"),
    ])
    func badLinesAreOneSentence(line: String, message: String) {
        #expect(refusal(line) == message)
    }

    @Test func emptyLinesDoNothing() throws {
        #expect(try actions("").isEmpty)
        #expect(try actions("   ").isEmpty)
    }

    @Test func aritiesComeFromTheArguments() throws {
        let arity = { (name: String) in CommandParser.command(named: name)!.arity }
        #expect(arity("undo") == 0...0)
        #expect(arity("rank") == 1...1)
        #expect(arity("save") == 0...1)
        #expect(arity("export") == 0...2)
        #expect(arity("target") == 0...1)
    }

    @Test func namesAreUniqueAndLowerCase() {
        let names = Command.standard.flatMap(\.names)
        #expect(Set(names).count == names.count)
        #expect(names.allSatisfy { $0 == $0.lowercased() && !$0.contains(" ") })
    }
}
