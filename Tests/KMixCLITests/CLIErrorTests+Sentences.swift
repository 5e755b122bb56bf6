import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Errors of commands on a run name the run they are about.
extension CLIErrorTests {
    @Test func aRunWithoutADevFileIsNamed() throws {
        let root = folder.appendingPathComponent("no-dev"), run = folder.appendingPathComponent("no-dev-run")
        var arguments = try TinyFolders.training(in: root, epochs: 1)
        let at = try #require(arguments.firstIndex(of: "--dev"))
        arguments.removeSubrange(at...(at + 1))
        let trained = try KMixBinary.run(arguments + ["--max-steps", "1", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        try expectFailure(["eval", "--run", run.path], mentions: ["the run \(run.path) has no dev file; pass --dev FILE"])
        try expectFailure(["verify-export", run.path, "--run", run.path],
                          mentions: ["the run \(run.path) has no dev file to sample"])
        try expectRefusedOption(["embed", "--input", "-", "--batch-size", "0"], "--batch-size must be at least 1")
    }
}
