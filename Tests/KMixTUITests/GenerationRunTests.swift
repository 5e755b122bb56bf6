import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// Generation runs in the TUI: starting one on E2E, how it ends, and its history read back on the runs screen.
@Suite struct GenerationRunTests {
    /// A generation run started from the dialog on E2E, as `runs/tui-1`.
    func started() -> AppState {
        var state = Fixtures.state()
        state.data = Fixtures.e2e(in: "data/e2e")
        _ = reduce(&state, .requestTraining)
        _ = reduce(&state, .dialogSubmit)
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/tui-1"))
        _ = reduce(&state, .trainingEvent(.started(TrainingStart(totalSteps: 40, epochs: 1, batchSize: 8, examples: 320,
                                                                 trainableParameters: 1, labelNames: [], devExamples: 630))))
        return state
    }

    func finished(_ state: AppState, stopped: Bool, evaluation: EvaluationReport?) -> AppState {
        var state = state
        let adapters = AdapterSet(plan: AdapterPlan(preset: .none, shape: Fixtures.shape), labelCount: 0)
        _ = reduce(&state, .trainingEvent(.finished(TrainingSummary(steps: 40, seconds: 20, stopped: stopped,
                                                                    finalEvaluation: evaluation, adapters: adapters))))
        return state
    }

    @Test func theEndNamesTheFinalPerplexityAndTheCommandThatScores() {
        let report = EvaluationReport(step: 40, accuracy: 0.31, loss: 2.5, examples: 630, perplexity: 12.182)
        let state = finished(started(), stopped: false, evaluation: report)
        #expect(state.message == StatusMessage("Finished after 40 steps: dev perplexity 12.18 · scores: "
                                               + "kmix eval --run runs/tui-1"))
        let stopped = finished(started(), stopped: true, evaluation: nil)
        #expect(stopped.message?.text == "Stopped after 40 steps · scores: kmix eval --run runs/tui-1")
    }

    @Test func evaluationsAndSamplesAreKeptForTheView() {
        var state = started()
        #expect(state.training.isGeneration)
        _ = reduce(&state, .trainingEvent(.evaluation(EvaluationReport(step: 20, accuracy: 0.3, loss: 2, examples: 630,
                                                                       perplexity: 7.389))))
        #expect(state.message?.text == "Dev perplexity 7.389 (loss 2.0000) at step 20")
        _ = reduce(&state, .trainingEvent(.samples(Fixtures.samples(step: 20))))
        #expect(state.training.samples?.step == 20 && state.training.perplexity == [CurvePoint(x: 20, y: 7.389)])
    }

    @Test func aDecodersDialogNamesBothTasksAndTakesE2E() throws {
        var state = Fixtures.state()
        state.modelIsDecoder = true
        _ = reduce(&state, .requestTraining)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no dialog"); return }
        #expect(dialog.lines.contains("Data: e2e (write text from data) or sst2 (classify), or files."))
        #expect(try DataChoice.source(["e2e"], in: nil) == DataSource(.task(.e2e, folder: nil)))
        var encoder = Fixtures.state()
        _ = reduce(&encoder, .requestTraining)
        guard case let .dialog(plain)? = encoder.overlay else { Issue.record("no dialog"); return }
        #expect(!plain.lines.contains { $0.contains("e2e") }, "an encoder's dialog is as before")
    }

    @Test func theProbeRefusesSourceTargetPairs() {
        var state = Fixtures.state()
        state.data = Fixtures.e2e(in: "data/e2e")
        #expect(reduce(&state, .requestProbe).isEmpty)
        #expect(state.message?.kind == .error)
        #expect(state.message?.text.hasPrefix("The probe measures heads with a classifier's labels; E2E data") == true)
    }

    /// A generation run's folder as `kmix train --task e2e` leaves it: steps, two evaluations with perplexity, a
    /// samples line after each, head norms and its adapters.
    func writeGenerationRun(in folders: RunFolders, name: String) throws -> URL {
        let folder = folders.root.appendingPathComponent("runs").appendingPathComponent(name)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var plan = AdapterPlan(preset: .paperNLG, shape: Fixtures.shape)
        plan.taskHead = .last
        try plan.write(to: folder.appendingPathComponent("plan.json"))
        let writer = try RunWriter(folder: folder)
        for step in 1...8 {
            try writer.record(.step(StepReport(step: step, totalSteps: 8, epoch: Double(step) / 8, loss: Float(4 - 0.2 * Double(step)),
                                               learningRate: 2e-3, gradientNorm: 1, sentencesPerSecond: 50,
                                               tokensPerSecond: 1200, elapsed: Double(step))))
            if step % 4 == 0 {
                try writer.record(.evaluation(EvaluationReport(step: step, accuracy: 0.2, loss: 3, examples: 630,
                                                               perplexity: step == 4 ? 20.085 : 9.5)))
                try writer.record(.samples(Fixtures.samples(step: step)))
            }
        }
        try writer.record(Fixtures.norms(step: 8, scale: 1))
        try Data().write(to: folder.appendingPathComponent("adapters.safetensors"))
        return folder
    }

    @Test func theRunsScreenListsPerplexityAndSamplesLinesDoNotBreakReading() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        try folders.writeTwo()
        _ = try writeGenerationRun(in: folders, name: "0-e2e")
        var state = try RunsScreenTests.listed(folders.root.path)
        let run = try #require(state.runs.rows.first { $0.name == "0-e2e" })
        #expect(run.step == 8 && run.status == .finished)
        #expect(run.plan == "paper-nlg", "a decoder's preset is named whatever its task head")
        #expect(run.perplexity == [CurvePoint(x: 4, y: 20.085), CurvePoint(x: 8, y: 9.5)])
        #expect(run.devScore == "ppl 9.50")
        let text = RootView.render(state, width: 100, height: 30, options: RenderOptions()).text
        #expect(text.contains("Dev") && text.contains("ppl 9.50") && text.contains("80.0 %"), "\(text)")
        _ = reduce(&state, .cycleRunSort)
        #expect(state.runs.rows.map(\.name) == ["a-paper", "b-lora", "0-e2e"], "classifiers by accuracy, then perplexity")
        #expect(state.runs.current?.name == "0-e2e", "the cursor stays on the generation run")
        let compared = RootView.render(state, width: 100, height: 30, options: RenderOptions()).text
        #expect(compared.contains("Dev perplexity"), "\(compared)")
    }

    @Test func anOpenedGenerationRunShowsItsPerplexityAndLastSamples() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        let folder = try writeGenerationRun(in: folders, name: "e2e")
        var state = Fixtures.state()
        _ = reduce(&state, .runOpened(try OpenedRun.load(folder.path, shape: Fixtures.shape, model: nil)))
        #expect(state.training.isGeneration && state.showsGenerationRun)
        #expect(state.message?.text.hasSuffix("8 steps, dev perplexity 9.500") == true, "\(state.message?.text ?? "")")
        let text = RootView.render(state, width: 100, height: 30, options: RenderOptions()).text
        #expect(text.contains("Samples written at step 8") && text.contains("  ref (not recorded)"), "\(text)")
    }
}
