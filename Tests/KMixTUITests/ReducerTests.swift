import Testing
@testable import KMix
@testable import KMixTUI

@Suite struct ReducerTests {
    @Test func moveIsClampedToTheGrid() {
        var state = Fixtures.state()
        _ = reduce(&state, .move(layers: -1, heads: -1))
        #expect(state.cursor == HeadPosition(layer: 0, head: 0))
        _ = reduce(&state, .move(layers: 10, heads: 20))
        #expect(state.cursor == HeadPosition(layer: 5, head: 11))
    }

    @Test func changeRankChangesOnlyTheSelectedHeadAndProjection() {
        var state = Fixtures.state()
        state.cursor = HeadPosition(layer: 1, head: 2)
        _ = reduce(&state, .changeRank(2))
        #expect(state.plan.layers[1].ranks(.query)[2] == 3)
        #expect(state.plan.layers[1].ranks(.query)[3] == 1)
        #expect(state.plan.layers[1].ranks(.value)[2] == 2)
        _ = reduce(&state, .changeRank(-10))
        #expect(state.plan.layers[1].ranks(.query)[2] == 0)
    }

    @Test func setRankIsCappedAtTheHeadWidth() {
        var state = Fixtures.state()
        _ = reduce(&state, .setRank(99))
        #expect(state.rank(.query, at: state.cursor) == 32)
        #expect(state.message?.kind == .error)
    }

    @Test func projectionsCycleAndSelect() {
        var state = Fixtures.state()
        _ = reduce(&state, .cycleProjection)
        #expect(state.projection == .value)
        _ = reduce(&state, .cycleProjection)
        _ = reduce(&state, .cycleProjection)
        #expect(state.projection == .query)
        _ = reduce(&state, .selectProjection(.output))
        #expect(state.projection == .output)
    }

    @Test func applyScopes() {
        var state = Fixtures.state()
        state.cursor = HeadPosition(layer: 2, head: 3)
        _ = reduce(&state, .setRank(5))
        _ = reduce(&state, .applyToLayer)
        #expect(state.plan.layers[2].ranks(.query) == Array(repeating: 5, count: 12))
        #expect(state.plan.layers[1].ranks(.query)[3] == 1)
        _ = reduce(&state, .applyToHeadIndex)
        #expect((0..<6).allSatisfy { state.plan.layers[$0].ranks(.query)[3] == 5 })
        _ = reduce(&state, .applyToAll)
        #expect(state.plan.layers.allSatisfy { $0.ranks(.query) == Array(repeating: 5, count: 12) })
        #expect(state.plan.layers.allSatisfy { $0.ranks(.value) == Array(repeating: 2, count: 12) })
    }

    @Test func sharedRankChangesTheSelectedLayer() {
        var state = Fixtures.state()
        state.cursor.layer = 4
        _ = reduce(&state, .selectProjection(.value))
        _ = reduce(&state, .changeSharedRank(1))
        #expect(state.plan.layers[4].sharedRank(.value) == 5)
        #expect(state.plan.layers[3].sharedRank(.value) == 4)
        _ = reduce(&state, .changeSharedRank(-100))
        #expect(state.plan.layers[4].sharedRank(.value) == 0)
    }

    @Test func presetsUndoAndRedo() {
        var state = Fixtures.state()
        let original = state.plan
        _ = reduce(&state, .applyPreset(.lora(rank: 8)))
        #expect(state.plan == AdapterPlan(preset: .lora(rank: 8), shape: Fixtures.shape))
        _ = reduce(&state, .undo)
        #expect(state.plan == original)
        _ = reduce(&state, .redo)
        #expect(state.plan == AdapterPlan(preset: .lora(rank: 8), shape: Fixtures.shape))
        _ = reduce(&state, .redo)
        #expect(state.message?.text == "Nothing to redo")
        _ = reduce(&state, .undo)
        _ = reduce(&state, .undo)
        #expect(state.message?.text == "Nothing to undo")
    }

    @Test func aPresetLargerThanTheModelIsRefused() {
        var state = Fixtures.state()
        let original = state.plan
        _ = reduce(&state, .applyPreset(.uniform(rank: 100)))
        #expect(state.plan == original)
        #expect(state.undoStack.isEmpty)
        #expect(state.message == StatusMessage("Preset uniform-100 gives heads rank 100, but this model's heads have 32 dimensions",
                                               kind: .error))
    }

    @Test func anEditAfterUndoForgetsTheRedoStack() {
        var state = Fixtures.state()
        _ = reduce(&state, .changeRank(1))
        _ = reduce(&state, .undo)
        _ = reduce(&state, .changeRank(2))
        #expect(state.redoStack.isEmpty)
    }

    @Test func targetAndMetric() {
        var state = Fixtures.state()
        _ = reduce(&state, .setTarget(50_000))
        #expect(state.target == 50_000)
        _ = reduce(&state, .setTarget(0))
        #expect(state.target == nil)
        _ = reduce(&state, .cycleMetric)
        #expect(state.metric == .parameters)
        for _ in 0..<(HeadMetric.allCases.count - 1) { _ = reduce(&state, .cycleMetric) }
        #expect(state.metric == .rank)
    }

    @Test func typedRanks() {
        var state = Fixtures.state()
        _ = reduce(&state, .entryDigit("1"))
        _ = reduce(&state, .entryDigit("2"))
        _ = reduce(&state, .entryDigit("3"))
        _ = reduce(&state, .entryBackspace)
        #expect(state.entry == "12")
        _ = reduce(&state, .entrySubmit)
        #expect(state.entry == nil)
        #expect(state.rank(.query, at: state.cursor) == 12)
        _ = reduce(&state, .entryDigit("4"))
        _ = reduce(&state, .entryCancel)
        #expect(state.entry == nil)
        #expect(state.rank(.query, at: state.cursor) == 12)
    }

    @Test func screensAndOverlays() {
        var state = Fixtures.state()
        _ = reduce(&state, .toggleScreen)
        #expect(state.screen == .training)
        _ = reduce(&state, .showScreen(.heads))
        #expect(state.screen == .heads)
        _ = reduce(&state, .openHelp)
        #expect(state.overlay == .help(page: 0))
        _ = reduce(&state, .helpPage(1))
        _ = reduce(&state, .helpPage(1))
        _ = reduce(&state, .helpPage(-1))
        #expect(state.overlay == .help(page: 1))
        _ = reduce(&state, .closeOverlay)
        #expect(state.overlay == nil)
    }

    @Test func saveDialogEmitsTheEffect() {
        var state = Fixtures.state()
        _ = reduce(&state, .openDialog(.savePlan))
        _ = reduce(&state, .dialogEdit(.deleteToStart))
        for character in "out.json" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        _ = reduce(&state, .dialogEdit(.deleteBackward))
        let effects = reduce(&state, .dialogSubmit)
        guard case let .savePlan(plan, path)? = effects.first else { Issue.record("no save effect"); return }
        #expect(path == "out.jso")
        #expect(plan == state.plan)
        #expect(state.overlay == nil)
        _ = reduce(&state, .planSaved(path: path))
        #expect(state.planPath == "out.jso")
    }

    @Test func loadDialogAndLoadedPlan() {
        var state = Fixtures.state()
        _ = reduce(&state, .openDialog(.loadPlan))
        let effects = reduce(&state, .dialogSubmit)
        guard case let .loadPlan(path)? = effects.first else { Issue.record("no load effect"); return }
        #expect(path == "plan.json")
        let plan = AdapterPlan(preset: .uniform(rank: 3), shape: Fixtures.shape)
        _ = reduce(&state, .planLoaded(plan, path: "other.json"))
        #expect(state.plan == plan)
        _ = reduce(&state, .undo)
        #expect(state.plan == AdapterPlan(preset: .paperNLU, shape: Fixtures.shape))
    }

    @Test func dialogsRefuseBadValuesAndKeepThem() {
        var state = Fixtures.state()
        _ = reduce(&state, .openDialog(.preset))
        for character in "nope" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        _ = reduce(&state, .dialogSubmit)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("dialog closed"); return }
        #expect(dialog.error?.hasPrefix("Unknown preset") == true)
        #expect(dialog.fields[0].value == "nope")
        _ = reduce(&state, .dialogCancel)
        #expect(state.overlay == nil)
        _ = reduce(&state, .openDialog(.target))
        for character in "12,000" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        _ = reduce(&state, .dialogSubmit)
        #expect(state.target == 12_000)
    }

    @Test func presetDialogAppliesThePreset() {
        var state = Fixtures.state()
        _ = reduce(&state, .openDialog(.preset))
        for character in "uniform-4" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        _ = reduce(&state, .dialogSubmit)
        #expect(state.plan == AdapterPlan(preset: .uniform(rank: 4), shape: Fixtures.shape))
    }

    @Test func dialogFieldsCycle() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogNextField)
        _ = reduce(&state, .dialogNextField)
        _ = reduce(&state, .dialogPreviousField)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.focus == 1)
    }

    @Test func startTrainingDialogParsesSettings() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogNextField)
        for character in "50" { _ = reduce(&state, .dialogEdit(.insert(character))) }
        let effects = reduce(&state, .dialogSubmit)
        guard case let .startTraining(request)? = effects.first else { Issue.record("no start effect"); return }
        #expect(request.settings.maxSteps == 50)
        #expect(request.settings.maxTrainRows == nil, "every training row by default")
        #expect(state.training.status == .preparing)
        #expect(state.screen == .training)
    }

    @Test func startTrainingRefusesABadLearningRate() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestTraining)
        for _ in 0..<4 { _ = reduce(&state, .dialogNextField) }
        _ = reduce(&state, .dialogEdit(.deleteToStart))
        _ = reduce(&state, .dialogEdit(.insert("x")))
        #expect(reduce(&state, .dialogSubmit).isEmpty)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("dialog closed"); return }
        #expect(dialog.error == "Learning rate must be a positive number.")
    }

    @Test func trainingNeedsData() {
        var state = Fixtures.state()
        state.data = Fixtures.missingData()
        _ = reduce(&state, .requestTraining)
        #expect(state.overlay == nil)
        #expect(state.message?.kind == .error)
    }

    @Test func trainingControlsNeedARun() {
        var state = Fixtures.state()
        #expect(reduce(&state, .togglePause).isEmpty)
        #expect(reduce(&state, .evaluateNow).isEmpty)
        #expect(reduce(&state, .saveNow).isEmpty)
        _ = reduce(&state, .requestStop)
        #expect(state.overlay == nil)
    }

    @Test func trainingControlsDuringARun() {
        var state = Fixtures.state()
        state.training.status = .running
        guard case .pauseTraining? = reduce(&state, .togglePause).first else { Issue.record("no pause"); return }
        state.training.status = .paused
        guard case .resumeTraining? = reduce(&state, .togglePause).first else { Issue.record("no resume"); return }
        guard case .evaluateNow? = reduce(&state, .evaluateNow).first else { Issue.record("no evaluate"); return }
        guard case .saveNow? = reduce(&state, .saveNow).first else { Issue.record("no save"); return }
        _ = reduce(&state, .requestStop)
        guard case .stopTraining? = reduce(&state, .dialogEdit(.insert("y"))).first else { Issue.record("no stop"); return }
        #expect(state.overlay == nil)
    }

    @Test func quitAsksWhileTraining() {
        var state = Fixtures.state()
        state.training.status = .running
        #expect(reduce(&state, .requestQuit).isEmpty)
        #expect(!state.shouldQuit)
        _ = reduce(&state, .dialogEdit(.insert("n")))
        #expect(state.overlay == nil)
        _ = reduce(&state, .requestQuit)
        let effects = reduce(&state, .dialogSubmit)
        #expect(state.shouldQuit)
        #expect(effects.count == 2)
        var idle = Fixtures.state()
        guard case .quit? = reduce(&idle, .requestQuit).first else { Issue.record("no quit"); return }
        #expect(idle.shouldQuit)
    }

    @Test func trainingEventsBuildTheCurves() {
        let state = Fixtures.trainingState()
        #expect(state.training.loss.count == 60)
        #expect(state.training.step == 60)
        #expect(state.training.accuracy.map(\.y) == [0.6, 0.7, 0.8].map { $0 })
        #expect(state.training.normHistory.count == 6)
        #expect(state.training.norms?.count == 6)
        #expect(state.training.eta == 20)
        #expect(state.training.smoothedLoss().count == 60)
    }

    /// A run the app starts is named, and its saves reported, relative to the working directory.
    @Test func runPathsAreRelativeToTheWorkingDirectory() {
        var state = Fixtures.state()
        state.workingDirectory = "/home/me/work"
        _ = reduce(&state, .trainingPreparing(runFolder: "/home/me/work/runs/tui-1"))
        #expect(state.training.runFolder == "runs/tui-1")
        _ = reduce(&state, .trainingEvent(.saved(step: 8, path: "/home/me/work/runs/tui-1/adapters.safetensors",
                                                 checkpoint: "/home/me/work/runs/tui-1/checkpoints/step-8")))
        #expect(state.training.lastSaved == "runs/tui-1/adapters.safetensors")
        #expect(state.message?.text == "Saved adapters to runs/tui-1/adapters.safetensors and checkpoint runs/tui-1/checkpoints/step-8")
    }

    @Test func pausedResumedSavedFailedMissed() {
        var state = Fixtures.state()
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/x"))
        #expect(state.training.runFolder == "runs/x")
        _ = reduce(&state, .trainingEvent(.paused(step: 3)))
        #expect(state.training.status == .paused)
        _ = reduce(&state, .trainingEvent(.resumed(step: 3)))
        #expect(state.training.status == .running)
        _ = reduce(&state, .trainingEvent(.saved(step: 3, path: "runs/x/adapters.safetensors", checkpoint: "runs/x/checkpoints/step-3")))
        #expect(state.training.lastSaved == "runs/x/adapters.safetensors")
        #expect(state.message?.text == "Saved adapters to runs/x/adapters.safetensors and checkpoint runs/x/checkpoints/step-3")
        _ = reduce(&state, .trainingMissed(4))
        #expect(state.training.missedEvents == 4)
        _ = reduce(&state, .trainingEvent(.failed(step: 3, reason: "loss is NaN")))
        #expect(state.training.status == .failed("loss is NaN"))
        _ = reduce(&state, .trainingFailedToStart("no data"))
        #expect(state.message?.kind == .error)
        _ = reduce(&state, .notify(StatusMessage("hello")))
        #expect(state.message?.text == "hello")
    }

    @Test func aSuccessfulEditClearsAnEarlierError() {
        var state = Fixtures.state()
        _ = reduce(&state, .setRank(40))
        #expect(state.message?.kind == .error, "a rank above the head size is refused with an error")
        _ = reduce(&state, .changeRank(-1))
        #expect(state.message == nil, "the next change of the plan clears it")
        _ = reduce(&state, .setRank(99))
        #expect(state.message?.kind == .error, "the error of the edit itself stays")
    }
}
