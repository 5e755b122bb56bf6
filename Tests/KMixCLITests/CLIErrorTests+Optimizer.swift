import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Optimizer settings that cannot train (infinite, NaN, out of range) are refused before anything is written;
/// counts too large for arithmetic saturate instead of crashing; a run whose weights blow up stops with a sentence
/// naming the step, and its last checkpoint stays loadable.
extension CLIErrorTests {
    @Test(arguments: [
        (["--lr", "inf"], "--lr must be a positive finite number, not inf"),
        (["--lr", "nan"], "--lr must be a positive finite number, not nan"),
        (["--lr", "0"], "--lr must be a positive finite number, not 0.0"),
        (["--beta1", "1"], "--beta1 must be in [0, 1), not 1.0"),
        (["--beta2=-0.5"], "--beta2 must be in [0, 1), not -0.5"),
        (["--epsilon", "0"], "--epsilon must be a positive finite number, not 0.0"),
        (["--weight-decay", "inf"], "--weight-decay must be a finite number of at least 0, not inf"),
        (["--lr", "2", "--weight-decay", "0.5"], "--weight-decay times the learning rate is 1.0"),
        (["--warmup", "1.5"], "--warmup must be between 0 and 1, not 1.5"),
        (["--clip-norm", "inf"], "--clip-norm must be a finite number of at least 0 (0: no clipping), not inf"),
    ])
    func optimizerSettingsThatCannotTrainAreRefused(options: [String], message: String) throws {
        let root = folder.appendingPathComponent("optimizer-\(UUID().uuidString)")
        let run = root.appendingPathComponent("run")
        let arguments = try TinyFolders.training(in: root, epochs: 1) + options + ["--out", run.path]
        let result = try KMixBinary.run(arguments)
        #expect(result.status == 64, "\(result.error)")
        let first = result.error.split(separator: "\n").first.map(String.init) ?? ""
        #expect(first.hasPrefix("Error: \(message)"), "\(first)")
        #expect(!FileManager.default.fileExists(atPath: run.path), "nothing written")
    }

    @Test func countsTooLargeForArithmeticSaturate() throws {
        let root = folder.appendingPathComponent("huge")
        let arguments = try TinyFolders.training(in: root, epochs: 1)
        let batch = try KMixBinary.run(arguments + ["--batch-size", "\(Int.max)", "--out", root.appendingPathComponent("batch").path])
        #expect(batch.status == 0, "\(batch.error)")
        #expect(batch.output.contains("finished after 1 step"), "one batch of all 256 rows: \(batch.output)")
        var epochs = arguments
        let at = try #require(epochs.firstIndex(of: "--epochs"))
        epochs[at + 1] = "4611686018427387904"
        let long = try KMixBinary.run(epochs + ["--max-steps", "3", "--out", root.appendingPathComponent("epochs").path])
        #expect(long.status == 0, "\(long.error)")
        #expect(long.output.contains("finished after 3 steps"), "\(long.output)")
    }

    @Test func weightsThatBlowUpStopTheRunNamingTheStep() throws {
        let root = folder.appendingPathComponent("diverge")
        let run = root.appendingPathComponent("run")
        let arguments = try TinyFolders.training(in: root, epochs: 1)
            + ["--lr", "1e38", "--weight-decay", "0", "--clip-norm", "0", "--save-every", "1", "--out", run.path]
        let result = try KMixBinary.run(arguments)
        #expect(result.status != 0)
        #expect(result.error.contains("lower"), "\(result.error)")
        #expect(result.error.split(separator: "\n").count == 1, "one line: \(result.error)")
        for step in CheckpointFolder(runFolder: run).steps() {
            _ = try Checkpoint.load(from: CheckpointFolder(runFolder: run).folder(step: step),
                                    model: PretrainedModel.load(folder: root.appendingPathComponent("model")))
        }
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        #expect(!metrics.contains("nan") && !metrics.contains(":inf") && !metrics.contains(":-inf"), "\(metrics)")
    }
}
