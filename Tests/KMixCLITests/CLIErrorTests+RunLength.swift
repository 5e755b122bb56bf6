import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix train --max-steps N` without `--epochs` takes the epochs the steps need; with an `--epochs` that ends the
/// run first it is refused; the line that starts the run says which limit ends it.
extension CLIErrorTests {
    /// The arguments of `TinyFolders.training` without `--epochs`: 256 rows in batches of 4, 64 steps an epoch.
    func trainingWithoutEpochs(in root: URL) throws -> [String] {
        var arguments = try TinyFolders.training(in: root, epochs: 1)
        let at = try #require(arguments.firstIndex(of: "--epochs"))
        arguments.removeSubrange(at...(at + 1))
        return arguments
    }

    @Test func maxStepsBeyondOneEpochTakesTheEpochsItNeeds() throws {
        let arguments = try trainingWithoutEpochs(in: folder.appendingPathComponent("length"))
        let run = folder.appendingPathComponent("length-run")
        let trained = try KMixBinary.run(arguments + ["--max-steps", "70", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        let first = trained.output.split(separator: "\n").first { $0.hasPrefix("training ") }.map(String.init) ?? ""
        #expect(first.hasPrefix("training 70 steps (--max-steps 70; 2 epochs of 256 rows at batch 4)"), "\(first)")
        #expect(trained.output.contains("finished after 70 steps"), "\(trained.output)")
        let configuration = try RunConfiguration.load(fromRun: run)
        #expect(configuration.epochs == 2 && configuration.maxSteps == 70)
    }

    @Test func epochsThatEndTheRunBeforeMaxStepsAreRefused() throws {
        let arguments = try trainingWithoutEpochs(in: folder.appendingPathComponent("short"))
        let run = folder.appendingPathComponent("short-run")
        try expectRefusedOption(arguments + ["--epochs", "1", "--max-steps", "70", "--out", run.path],
                                "--epochs 1 ends the run at step 64, before --max-steps 70; give more --epochs or leave --epochs out")
        #expect(!FileManager.default.fileExists(atPath: run.path), "nothing written")
        let epochs = try KMixBinary.run(arguments + ["--epochs", "1", "--out", run.path])
        try #require(epochs.status == 0, "\(epochs.error)")
        let first = epochs.output.split(separator: "\n").first { $0.hasPrefix("training ") }.map(String.init) ?? ""
        #expect(first.hasPrefix("training 64 steps (--epochs 1 of 256 rows at batch 4)"), "\(first)")
    }
}
