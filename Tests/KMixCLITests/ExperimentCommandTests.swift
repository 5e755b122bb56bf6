import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix experiment run` and `kmix experiment report` on the tiny model: a grid of ordinary run folders, skipped when
/// finished and resumed when interrupted, and a report of them.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct ExperimentCommandTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-experiment-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

    /// Writes the tiny model and data into `folder` and a spec beside them: `[base]` trains on them with one worker
    /// and batches of 4, plus `base`; `[grid]` is `grid`. Returns the spec's path.
    func spec(base: String = "max-steps = 3", grid: String) throws -> String {
        _ = try TinyFolders.training(in: folder, epochs: 1)
        let text = """
        # a test experiment
        [base]
        model = "model"
        train = "train.tsv"
        dev = "dev.tsv"
        batch-size = 4
        threads = 1
        \(base)

        [grid]
        \(grid)

        """
        let url = folder.appendingPathComponent("spec.toml")
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    @Test func runsTheGridSkipsFinishedRunsAndReportsThem() throws {
        let spec = try spec(grid: "plan = [\"paper-nlu\", \"plan.json\"]\nseed = [1, 2]")
        let out = folder.appendingPathComponent("out").path
        let first = try KMixBinary.run(["experiment", "run", spec, "--out", out])
        try #require(first.status == 0, "\(first.output)\n\(first.error)")
        #expect(first.output.components(separatedBy: ": starting\n").count == 5, "\(first.output)")
        #expect(first.output.contains("runs done, all ETA"), "the step lines show the experiment's progress")
        let names = ["plan-paper-nlu_seed-1", "plan-paper-nlu_seed-2", "plan-plan_seed-1", "plan-plan_seed-2"]
        for name in names {
            let run = URL(fileURLWithPath: out).appendingPathComponent("runs").appendingPathComponent(name)
            #expect(CheckpointFolder(runFolder: run).steps() == [3], "\(name) is an ordinary, finished run folder")
        }

        let second = try KMixBinary.run(["experiment", "run", spec, "--out", out])
        try #require(second.status == 0, "\(second.output)\n\(second.error)")
        #expect(!second.output.contains("starting") && !second.output.contains("step 1/"), "\(second.output)")
        #expect(second.output.components(separatedBy: "finished at step 3 already; skipped").count == 5, "\(second.output)")

        let report = try KMixBinary.run(["experiment", "report", out, "--format", "json", "--baseline", "plan-paper-nlu"])
        try #require(report.status == 0, "\(report.error)")
        let root = try JSONValue.parse(Array(report.output.utf8))
        let runs = try #require(root["runs"]?.arrayValue)
        #expect(runs.compactMap { $0["run_dir"]?.stringValue } == names.map { "runs/\($0)" })
        #expect(runs.compactMap { $0["plan"]?.stringValue } == ["paper-nlu", "paper-nlu", "plan.json", "plan.json"])
        #expect(runs.compactMap { $0["seed"]?.intValue } == [1, 2, 1, 2])
        let paperNLU = AdapterPlan(preset: .paperNLU, shape: TinyModel.shape).adapterParameters.total
        let ragged = TinyModel.raggedPlan(head: .cls, trainPooler: false).adapterParameters.total
        #expect(runs.compactMap { $0["params"]?.intValue } == [paperNLU, paperNLU, ragged, ragged])
        let accuracies = runs.compactMap { $0["dev_accuracy"]?.numberValue?.double }
        #expect(accuracies.count == 4 && accuracies.allSatisfy { (0...1).contains($0) }, "\(accuracies)")
        let groups = try #require(root["groups"]?.arrayValue)
        #expect(groups.compactMap { $0["name"]?.stringValue } == ["plan-paper-nlu", "plan-plan"])
        #expect(groups.compactMap { $0["n"]?.intValue } == [2, 2])
        #expect(groups.compactMap { $0["params"]?.intValue } == [paperNLU, ragged])
        let mean = try #require(groups[0]["mean"]?.numberValue?.double)
        #expect(abs(mean - (accuracies[0] + accuracies[1]) / 2) < 1e-9)
        #expect(groups[0]["std"]?.numberValue != nil)
        let difference = try #require(root["differences"]?.arrayValue?.first)
        #expect(difference["group"]?.stringValue == "plan-plan" && difference["n"]?.intValue == 2)
        #expect(difference["interval"]?["method"]?.stringValue?.contains("t interval over the paired differences") == true)

        let markdown = try KMixBinary.run(["experiment", "report", out, "--baseline", "plan-paper-nlu"])
        #expect(markdown.status == 0 && markdown.output.contains("## Against plan-paper-nlu"), "\(markdown.output)")
        #expect(markdown.output.contains("95 % t interval over the paired differences"), "the report says which interval")
        let csv = try KMixBinary.run(["experiment", "report", out, "--format", "csv"])
        #expect(csv.output.hasPrefix("group,n,runs,mean,std,params,seconds\nplan-paper-nlu,2,2,"), "\(csv.output)")
    }

    @Test func anInterruptedExperimentResumesItsRunFromTheCheckpoint() throws {
        let spec = try spec(base: "max-steps = 3000\neval-every = 100000", grid: "seed = [1, 2]")
        let out = folder.appendingPathComponent("out")
        let ended = try KMixBinary.signal(SIGINT, whenOutputShows: "step 1/", ["experiment", "run", spec, "--out", out.path])
        let text = ended.output
        #expect(ended.exited && ended.status == 130, "\(text)")
        #expect(text.contains("run the same command again to continue") && !text.contains("[2/2]"), "\(text)")
        let step = try #require(CheckpointFolder(runFolder: out.appendingPathComponent("runs/seed-1")).steps().last)
        #expect(step < 3000)
        let stopped = try KMixBinary.run(["experiment", "report", out.path])
        #expect(stopped.output.contains("| seed-1 | paper-nlu | 1 | stopped at step \(step) of 3000 |"), "\(stopped.output)")
        #expect(stopped.output.contains("| seed-2 | paper-nlu | 2 | not started |"), "\(stopped.output)")

        let resumed = try KMixBinary.run(["experiment", "run", spec, "--out", out.path])
        try #require(resumed.status == 0, "\(resumed.output)\n\(resumed.error)")
        #expect(resumed.output.contains("[1/2] seed-1: resuming from step \(step) of 3000"), "\(resumed.output)")
        #expect(resumed.output.contains("[2/2] seed-2: starting"), "\(resumed.output)")
        let report = try KMixBinary.run(["experiment", "report", out.path, "--format", "json"])
        let root = try JSONValue.parse(Array(report.output.utf8))
        #expect(root["groups"]?.arrayValue?.first?["n"]?.intValue == 2, "\(report.output)")
    }
}
