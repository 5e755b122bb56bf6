import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Output and input paths that are folders where a file is needed, files where a folder is, or in folders that
/// do not exist: one readable sentence naming the option or path, never Foundation's
/// "The operation could not be completed. (NSCocoaErrorDomain error 512.)".
extension CLIErrorTests {
    @Test func pathsOfTheWrongKindAreNamedReadably() throws {
        let root = folder.appendingPathComponent("paths"), run = folder.appendingPathComponent("paths-run")
        var arguments = try TinyFolders.training(in: root, epochs: 1)
        let model = root.appendingPathComponent("model").path, plan = root.appendingPathComponent("plan.json").path
        arguments[arguments.firstIndex(of: plan)!] = "none"
        arguments[arguments.firstIndex(of: "--plan")!] = "--preset"
        let trained = try KMixBinary.run(arguments + ["--max-steps", "1", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        let file = root.appendingPathComponent("train.tsv").path, missing = folder.appendingPathComponent("absent").path
        let cases: [([String], [String])] = [
            (["predict", "--run", run.path, "--input", "-", "--output", root.path],
             ["--output \(root.path) is a folder; give a file path"]),
            (["embed", "--model", model, "--input", "-", "--output", root.path], ["--output \(root.path) is a folder"]),
            (["embed", "--model", model, "--input", "-", "--output", missing + "/x.jsonl"],
             ["--output \(missing)/x.jsonl is in a folder that does not exist (\(missing))"]),
            (["embed", "--model", model, "--input", "-", "--output", file + "/x.jsonl"], ["inside \(file), which is a file"]),
            (["embed", "--model", model, "--input", root.path], ["the input file \(root.path) is a folder"]),
            (["plan", "show", root.path, "--model", model], ["the plan \(root.path) cannot be read: it is a folder"]),
            (["plan", "init", "--out", root.path, "--force", "--model", model], ["--out \(root.path) is a folder; give a file path"]),
            (["train", "--train", file, "--model", model, "--plan", plan, "--out", file], ["--out \(file) is a file; give a folder path"]),
            (["train", "--train", file, "--model", model, "--plan", plan, "--max-steps", "1", "--out", file + "/run"],
             ["could not create the folder \(file)/run (Not a directory)"]),
            (["export", "--run", run.path, "--format", "peft", "--out", file + "/export"], ["creating the folder: Not a directory"]),
        ]
        for (arguments, fragments) in cases {
            let result = try KMixBinary.run(arguments, input: "film\n")
            #expect(result.status != 0, "\(arguments)")
            #expect(result.error.split(separator: "\n").count == 1, "one line: \(result.error)")
            for fragment in fragments + ["Error: "] {
                #expect(result.error.contains(fragment), "\(result.error) should mention \(fragment)")
            }
            for leak in ["NSCocoaErrorDomain", "Error Domain", "could not be completed"] {
                #expect(!result.error.contains(leak), "\(result.error)")
            }
        }
    }
}
