import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix export` and `kmix verify-export` on a decoder (GPT-2) run: next-token logits and greedy tokens.
extension CLIErrorTests {
    /// A run of the tiny GPT-2 (`TinyFolders.gpt2Model`) with the ragged plan and the `mean` head (which a decoder's
    /// export leaves out), trained 3 steps: the run folder `folder/name`.
    func decoderRun(_ name: String) throws -> URL {
        let root = folder.appendingPathComponent(name + "-data"), run = folder.appendingPathComponent(name)
        var arguments = try TinyFolders.training(in: root, epochs: 1)
        let model = root.appendingPathComponent("gpt2")
        try TinyFolders.gpt2Model(in: model)
        arguments[try #require(arguments.firstIndex(of: "--model")) + 1] = model.path
        try TinyModel.raggedPlan(head: .mean, trainPooler: false).write(to: root.appendingPathComponent("plan.json"))
        let trained = try KMixBinary.run(arguments + ["--max-steps", "3", "--lr", "0.05", "--out", run.path])
        try #require(trained.status == 0, "\(trained.error)")
        return run
    }

    @Test func verifyExportComparesADecodersLogitsAndGreedyTokens() throws {
        let run = try decoderRun("decoder-run")
        for format in ["peft", "merged", "kmix"] {
            let export = folder.appendingPathComponent("decoder-\(format)")
            let exported = try KMixBinary.run(["export", "--run", run.path, "--format", format, "--out", export.path])
            try #require(exported.status == 0, "\(exported.error)")
            let passed = try KMixBinary.run(["verify-export", export.path, "--run", run.path, "--threads", "1"])
            #expect(passed.status == 0, "\(format): \(passed.output)\(passed.error)")
            let lines = passed.output.split(separator: "\n")
            #expect(lines.count == 2 && lines[0].hasPrefix("pass: max abs logit difference ")
                    && lines[0].contains(" tokens of 5 texts, within the tolerance "), "\(format): \(passed.output)")
            #expect(lines.last == "pass: the greedy continuations (16 tokens) of 3 prompts agree", "\(passed.output)")
        }

        let texts = folder.appendingPathComponent("texts.txt"), record = folder.appendingPathComponent("record.jsonl")
        try "good film\nnot fun\n".write(to: texts, atomically: true, encoding: .utf8)
        let recorded = try KMixBinary.run(["verify-export", folder.appendingPathComponent("decoder-peft").path, "--run",
                                           run.path, "--input", texts.path, "--record", record.path, "--threads", "1"])
        #expect(recorded.output.contains(" tokens of 2 texts, "), "\(recorded.output)\(recorded.error)")
        let lines = try String(contentsOf: record, encoding: .utf8).split(separator: "\n")
        let first = try #require(try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
        let ids = try #require(first["input_ids"] as? [Int]), logits = try #require(first["logits"] as? [[Double]])
        #expect(lines.count == 2 && logits.count == ids.count && logits.allSatisfy { $0.count == RandomGPT2.vocabularySize })
        #expect((first["greedy"] as? [Int])?.isEmpty == false)

        let merged = folder.appendingPathComponent("decoder-merged")
        try Self.shift("transformer.ln_f.bias", of: merged.appendingPathComponent("model.safetensors"), by: 0.5)
        let failed = try KMixBinary.run(["verify-export", merged.path, "--run", run.path, "--threads", "1"])
        #expect(failed.status == 1, "\(failed.output)\(failed.error)")
        #expect(failed.output.hasPrefix("FAIL: max abs logit difference "), "\(failed.output)")

        let classifierRun = try exportableRun("classifier-run")
        let refused = try KMixBinary.run(["verify-export", merged.path, "--run", classifierRun.path, "--input", texts.path])
        #expect(refused.status == 1)
        #expect(refused.error == "Error: --input and --record are a decoder's; the export of \(classifierRun.path), a "
                + "classifier, is checked on its dev set\n", "\(refused.error)")
    }
}
