import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix predict` reads a data file's text column (no labels needed), and any other input one text per line.
extension CLIErrorTests {
    @Test func predictReadsADataFilesTextColumnAndSkipsItsHeader() throws {
        let root = folder.appendingPathComponent("predict"), run = folder.appendingPathComponent("predict-run")
        let arguments = try TinyFolders.training(in: root, epochs: 1)
        let trained = try KMixBinary.run(arguments + ["--max-steps", "1", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        let rows = try String(contentsOf: root.appendingPathComponent("dev.tsv"), encoding: .utf8)
            .split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false)[0] }
        let lines = root.appendingPathComponent("texts.txt"), review = root.appendingPathComponent("unlabelled.tsv")
        try (rows.joined(separator: "\n") + "\n").write(to: lines, atomically: true, encoding: .utf8)
        try ("id\treview\n" + rows.enumerated().map { "\($0)\t\($1)" }.joined(separator: "\n") + "\n")
            .write(to: review, atomically: true, encoding: .utf8)

        let fromLines = try KMixBinary.run(["predict", "--run", run.path, "--input", lines.path, "--threads", "1"])
        #expect(fromLines.status == 0, "\(fromLines.error)")
        let fromFile = try KMixBinary.run(["predict", "--run", run.path, "--input", review.path, "--text-column", "review",
                                           "--threads", "1"])
        #expect(fromFile.status == 0, "\(fromFile.error)")
        #expect(fromFile.output.split(separator: "\n").count == rows.count, "one line per row, none for the header")
        #expect(fromFile.output == fromLines.output)

        let dev = try KMixBinary.run(["predict", "--run", run.path, "--input", root.appendingPathComponent("dev.tsv").path,
                                      "--threads", "1"])
        #expect(dev.output == fromLines.output, "a labelled file's default text column, its labels ignored")
        try expectFailure(["predict", "--run", run.path, "--input", review.path],
                          mentions: ["has none of the text columns", "'review'", "(--text-column)"])
        try expectRefusedOption(["predict", "--run", run.path, "--input", lines.path, "--text-column", "review"],
                                "--text-column and --pair-column need a data file (.tsv, .csv, .jsonl or .json) as --input")
    }
}
