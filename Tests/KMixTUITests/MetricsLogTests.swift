import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

@Suite struct MetricsLogTests {
    static let lines = """
    {"event": "step", "step": 1, "epoch": 0.1, "loss": 0.7, "lr": 0.0002, "grad_norm": 1.0, "sentences_per_second": 50.0, "tokens_per_second": 1200.0, "elapsed": 0.5}

    {"event": "head_norms", "step": 1, "q": [[3.0, 0.0]], "v": [[4.0, 0.0]], "o": [[0.0, 1.0]]}
    {"event": "step", "step": 2, "epoch": 0.2, "loss": 0.6, "lr": 0.0001, "grad_norm": 1.0, "sentences_per_second": 50.0, "tokens_per_second": 1300.0, "elapsed": 1.0}
    {"event": "eval", "step": 2, "accuracy": 0.75, "loss": 0.5, "examples": 872}
    {"event": "future_event", "step": 2}
    """

    @Test func readsCurvesNormsAndTheLastStep() throws {
        let log = try MetricsLog.parse(Self.lines, path: "run/metrics.jsonl")
        #expect(log.loss == [CurvePoint(x: 1, y: 0.7), CurvePoint(x: 2, y: 0.6)])
        #expect(log.accuracy == [CurvePoint(x: 2, y: 0.75)])
        #expect(log.norms == [[[5, 1]]])
        #expect(log.step == 2 && log.epoch == 0.2 && log.tokensPerSecond == 1300 && log.elapsed == 1)
    }

    @Test func readsAGenerationRunsPerplexityAndLastSamples() throws {
        let text = """
        {"event": "eval", "step": 4, "accuracy": 0.2, "loss": 3.0, "examples": 630, "perplexity": 20.09}
        {"event": "samples", "step": 4, "samples": [{"source": "name[A]", "output": "A is"}]}
        {"event": "eval", "step": 8, "accuracy": 0.25, "loss": 2.0, "examples": 630, "perplexity": 7.39}
        {"event": "samples", "step": 8, "samples": [{"source": "name[A]", "output": "A is a pub."}, {"source": "name[B]", "output": ""}]}
        """
        let log = try MetricsLog.parse(text, path: "run/metrics.jsonl")
        #expect(log.perplexity == [CurvePoint(x: 4, y: 20.09), CurvePoint(x: 8, y: 7.39)])
        #expect(log.accuracy.count == 2)
        #expect(log.samples == SampleReport(step: 8, samples: [.init(source: "name[A]", output: "A is a pub.", references: []),
                                                               .init(source: "name[B]", output: "", references: [])]))
        #expect(try MetricsLog.parse(Self.lines, path: "m").perplexity.isEmpty, "a classifier's history has none")
        #expect(throws: MetricsLog.ReadError(path: "m", line: 1, reason: "'samples' is missing or not a list of sources and outputs")) {
            try MetricsLog.parse("{\"event\": \"samples\", \"step\": 4, \"samples\": [{\"source\": 1}]}", path: "m")
        }
    }

    @Test func aMalformedLineIsNamedByNumber() {
        let text = Self.lines + "\n{\"event\": \"step\", \"step\": 3, \"loss\": \"high\"}"
        #expect(throws: MetricsLog.ReadError(path: "m.jsonl", line: 7, reason: "'loss' is missing or not a number")) {
            try MetricsLog.parse(text, path: "m.jsonl")
        }
        #expect(throws: MetricsLog.ReadError(path: "m.jsonl", line: 2, reason: "not a JSON object")) {
            try MetricsLog.parse("{\"event\": \"eval\", \"step\": 1, \"accuracy\": 0.5}\n{\"event\": \"st", path: "m.jsonl")
        }
        #expect(throws: MetricsLog.ReadError(path: "m.jsonl", line: 1, reason: "'event' is missing or not a string")) {
            try MetricsLog.parse("{\"step\": 1}", path: "m.jsonl")
        }
        #expect(throws: MetricsLog.ReadError(path: "m.jsonl", line: 1, reason: "'q', 'v' and 'o' have different shapes")) {
            try MetricsLog.parse("{\"event\": \"head_norms\", \"step\": 1, \"q\": [[1.0]], \"v\": [[1.0, 2.0]], \"o\": [[1.0]]}", path: "m.jsonl")
        }
    }

    @Test func theErrorMessageNamesFileAndLine() {
        #expect("\(MetricsLog.ReadError(path: "r/metrics.jsonl", line: 4, reason: "not a JSON object"))"
            == "r/metrics.jsonl line 4: not a JSON object")
    }

    @Test func openingARunFolderReadsPlanAndMetrics() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let plan = AdapterPlan(preset: .uniform(rank: 2), shape: Fixtures.shape)
        try plan.write(to: folder.appendingPathComponent("plan.json"))
        let grid = (0..<6).map { _ in (0..<12).map { _ in "1.0" }.joined(separator: ", ") }.map { "[\($0)]" }.joined(separator: ", ")
        try (Self.lines.components(separatedBy: "\n").filter { !$0.contains("head_norms") }.joined(separator: "\n")
            + "\n{\"event\": \"head_norms\", \"step\": 2, \"q\": [\(grid)], \"v\": [\(grid)], \"o\": [\(grid)]}\n")
            .write(to: folder.appendingPathComponent("metrics.jsonl"), atomically: true, encoding: .utf8)
        let run = try OpenedRun.load(folder.path, shape: Fixtures.shape, model: nil)
        #expect(run.plan == plan)
        #expect(run.norms?.count == 6 && run.norms?[0].count == 12)

        var state = Fixtures.state()
        #expect(reduce(&state, .runOpened(run)).isEmpty)
        #expect(state.plan == plan && state.screen == .training && state.training.status == .opened)
        #expect(state.training.loss.count == 2 && state.training.accuracy.count == 1 && state.training.runFolder == folder.path)
        #expect(state.undoStack.count == 1)
    }

    @Test func aBadRunFolderIsAClearError() throws {
        #expect(throws: OpenRunError("/nonexistent-kmix-run is not a folder")) {
            try OpenedRun.load("/nonexistent-kmix-run", shape: Fixtures.shape, model: nil)
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-open-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: TrainedRun.LoadError.missingFile(folder: folder.path, file: "plan.json")) {
            try OpenedRun.load(folder.path, shape: Fixtures.shape, model: nil)
        }
    }

    @Test func openAndExportAreRefusedWhileTrainingAndExportNeedsARun() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestExport)
        #expect(state.overlay == nil && state.message?.kind == .error)
        state.training.runFolder = "runs/a"
        _ = reduce(&state, .requestExport)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("no export dialog"); return }
        #expect(dialog.kind == .export)
        #expect(reduce(&state, .dialogSubmit).map { "\($0)" } == ["\(Effect.export(ExportRequest(run: "runs/a", format: .peft, output: "exports/a-peft")))"])
        state.training.status = .running
        state.overlay = nil
        _ = reduce(&state, .requestOpenRun)
        #expect(state.overlay == nil && state.message?.kind == .error)
    }

    @Test func theExportDialogRefusesAnUnknownFormat() {
        var state = Fixtures.state()
        state.training.runFolder = "runs/a"
        _ = reduce(&state, .requestExport)
        _ = reduce(&state, .dialogEdit(.deleteToStart))
        for c in "onnx" { _ = reduce(&state, .dialogEdit(.insert(c))) }
        #expect(reduce(&state, .dialogSubmit).isEmpty)
        guard case let .dialog(dialog)? = state.overlay else { Issue.record("dialog closed"); return }
        #expect(dialog.error == "The format is one of kmix, peft, merged.")
    }
}
