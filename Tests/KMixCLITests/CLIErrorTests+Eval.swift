import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix eval --dev FILE` reads the file with the run's dev columns unless `--text-column` or `--label-column`
/// names others, and a column it lacks is reported with the option that names it.
extension CLIErrorTests {
    @Test func evalOfAnotherFileUsesTheRunsDevColumns() throws {
        let root = folder.appendingPathComponent("eval"), run = folder.appendingPathComponent("eval-run")
        var arguments = try TinyFolders.training(in: root, epochs: 1)
        let rows = try String(contentsOf: root.appendingPathComponent("dev.tsv"), encoding: .utf8)
        let content = root.appendingPathComponent("content.tsv"), review = root.appendingPathComponent("review.tsv")
        try rows.replacingOccurrences(of: "sentence\tlabel\n", with: "content\tlabel\n")
            .write(to: content, atomically: true, encoding: .utf8)
        try rows.replacingOccurrences(of: "sentence\tlabel\n", with: "review\ttarget\n")
            .write(to: review, atomically: true, encoding: .utf8)
        arguments[arguments.firstIndex(of: "--dev")! + 1] = content.path
        let trained = try KMixBinary.run(arguments + ["--dev-text-column", "content", "--max-steps", "1", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")

        let recorded = try KMixBinary.run(["eval", "--run", run.path, "--dev", content.path, "--threads", "1"])
        #expect(recorded.status == 0, "\(recorded.error)")
        #expect(recorded.output.contains("16 examples of \(content.path)"))
        let named = try KMixBinary.run(["eval", "--run", run.path, "--dev", review.path, "--text-column", "review",
                                        "--label-column", "target", "--threads", "1"])
        #expect(named.status == 0, "\(named.error)")
        #expect(named.output == recorded.output.replacingOccurrences(of: content.path, with: review.path))

        try expectFailure(["eval", "--run", run.path, "--dev", review.path],
                          mentions: ["line 1 of \(review.path) has no column 'content'", "--text-column"])
        try expectFailure(["eval", "--run", run.path, "--dev", review.path, "--text-column", "review"],
                          mentions: ["no column 'label'", "--label-column"])
    }
}
