import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix probe --run RUN_DIR` without `--task` or `--train` probes on the run's recorded dev data, as `kmix eval` does.
extension CLIErrorTests {
    @Test func probeOfARunUsesItsDevData() throws {
        let root = folder.appendingPathComponent("probe"), run = folder.appendingPathComponent("probe-run")
        let arguments = try TinyFolders.training(in: root, epochs: 1)
        let trained = try KMixBinary.run(arguments + ["--max-steps", "1", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")

        let probed = try KMixBinary.run(["probe", "--run", run.path, "--batches", "1", "--batch-size", "8"])
        #expect(probed.status == 0, "\(probed.error)")
        #expect(probed.output.hasPrefix("8 sentences\n"), "\(probed.output)")
        let all = try KMixBinary.run(["probe", "--run", run.path, "--json"])
        #expect(all.status == 0, "\(all.error)")
        #expect(all.output.contains("\"sentences\":16"), "the run's 16 dev rows: \(all.output)")

        let help = try KMixBinary.run(["probe", "--help"]).output
        let entry = try #require(Self.entry(of: "--run", in: help))
        #expect(entry.contains("the run's dev set"), "\(entry)")
        try expectRefusedOption(["probe"], "give --task sst2, --train FILE or --run RUN_DIR")
    }
}
