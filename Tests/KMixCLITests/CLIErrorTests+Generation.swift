import Foundation
import KMixTestSupport
import Testing

/// Generation runs through the `kmix` binary on the tiny GPT-2 fixture: train, eval (scores and files), and the
/// refusals of bad options and data, each in one sentence.
extension CLIErrorTests {
    /// The tiny GPT-2 fixture folder.
    var tinyGPT2: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KMixTests/Fixtures/families/tiny-gpt2").path
    }

    /// `train.csv` and `dev.csv` of E2E pairs in the test's folder (`dev`'s text as given, else two sources).
    func pairFiles(train: String? = nil, dev: String? = nil) throws -> (train: String, dev: String) {
        let trainURL = folder.appendingPathComponent("train.csv"), devURL = folder.appendingPathComponent("dev.csv")
        let pairs = "mr,ref\n\"name[The Eagle], food[French]\",The Eagle serves French food.\n"
            + "\"name[The Eagle], food[French]\",French food is at The Eagle.\n"
            + "\"name[Zizzi], area[riverside]\",Zizzi is by the riverside.\n"
        try (train ?? pairs).write(to: trainURL, atomically: true, encoding: .utf8)
        try (dev ?? pairs).write(to: devURL, atomically: true, encoding: .utf8)
        return (trainURL.path, devURL.path)
    }

    /// `kmix train` arguments for a 4-step generation run on `files` into `out`.
    func generationTraining(_ files: (train: String, dev: String), out: String, extra: [String] = []) -> [String] {
        ["train", "--model", tinyGPT2, "--train", files.train, "--dev", files.dev, "--source-column", "mr",
         "--target-column", "ref", "--max-steps", "4", "--batch-size", "2", "--max-new-tokens", "6", "--beams", "2",
         "--out", out] + extra
    }

    @Test func aGenerationRunTrainsAndItsEvaluationWritesScoresAndOutputs() throws {
        let files = try pairFiles(), run = folder.appendingPathComponent("run").path
        let trained = try KMixBinary.run(generationTraining(files, out: run, extra: ["--label-smoothing", "0.1"]))
        #expect(trained.status == 0, "\(trained.error)")
        #expect(trained.output.contains("perplexity"), "\(trained.output)")
        let evaluated = try KMixBinary.run(["eval", "--run", run, "--beams", "3"])
        #expect(evaluated.status == 0, "\(evaluated.error)")
        #expect(evaluated.output.contains("BLEU") && evaluated.output.contains("CIDEr"), "\(evaluated.output)")
        #expect(evaluated.output.contains("2 sources of \(files.dev) decoded") && evaluated.output.contains("beams 3"),
                "\(evaluated.output)")
        let outputs = try String(contentsOfFile: run + "/eval/dev.outputs.txt", encoding: .utf8)
        #expect(outputs.split(separator: "\n", omittingEmptySubsequences: false).count == 3, "two lines: \(outputs)")
        let references = try String(contentsOfFile: run + "/eval/dev.references.txt", encoding: .utf8)
        #expect(references == "The Eagle serves French food.\nFrench food is at The Eagle.\n\nZizzi is by the riverside.\n")
        let scores = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: run + "/eval/dev.scores.json")))
        let object = try #require(scores as? [String: Any])
        #expect(object["bleu"] is Double && object["sources"] as? Int == 2 && object["references"] as? Int == 3)
    }

    @Test func badGenerationOptionsAreRefusedNamingTheOption() throws {
        let files = try pairFiles(), out = folder.appendingPathComponent("bad").path
        let cases: [([String], [String])] = [
            (generationTraining(files, out: out, extra: ["--beams", "0"]), ["--beams", "at least 1"]),
            (generationTraining(files, out: out, extra: ["--label-smoothing", "1"]), ["--label-smoothing", "below 1"]),
            (["train", "--model", tinyGPT2, "--train", files.train, "--source-column", "mr", "--out", out],
             ["--source-column and --target-column together"]),
            (["train", "--task", "sst2", "--beams", "4", "--out", out], ["--beams", "generation run"]),
            (["eval", "--run", out, "--max-sources", "0"], ["--max-sources", "at least 1"]),
        ]
        for (arguments, fragments) in cases {
            try expectUsage(of: "kmix " + arguments[0], arguments)
            let error = try KMixBinary.run(arguments).error
            for fragment in fragments { #expect(error.contains(fragment), "\(error) should mention \(fragment)") }
        }
        #expect(!FileManager.default.fileExists(atPath: out), "nothing is written")
    }

    @Test func badGenerationDataIsRefusedNamingTheFileAndLine() throws {
        let out = folder.appendingPathComponent("bad").path
        var files = try pairFiles(train: "meaning,ref\n\"name[A]\",A.\n")
        try expectFailure(generationTraining(files, out: out), mentions: [files.train, "no column 'mr'", "'meaning'"])
        files = try pairFiles(train: "mr,ref\n\"name[A]\",A.\n\"name[B]\",\n")
        try expectFailure(generationTraining(files, out: out), mentions: ["Line 3 of \(files.train)", "empty 'ref'"])
        let long = String(repeating: "name[The Eagle], food[French], ", count: 40)
        files = try pairFiles(train: "mr,ref\n\"\(long)\",A.\n")
        try expectFailure(generationTraining(files, out: out), mentions: ["line 2 of \(files.train)", "tokens long"])
    }
}
