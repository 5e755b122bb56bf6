import Foundation
import KMixTestSupport
import Testing

/// A broken GPT-2 folder gets one sentence naming the file or value: `merges.txt` missing, a merge naming a token
/// the vocabulary lacks, `n_embd` that `n_head` does not divide, a `model_type` kmix does not implement.
extension CLIErrorTests {
    /// A copy of the tiny GPT-2 fixture without its tokenizer.json (so vocab.json and merges.txt are read), then
    /// `edit` applied.
    func brokenGPT2(_ name: String, _ edit: (URL) throws -> Void) throws -> URL {
        let source = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("KMixTests/Fixtures/families/tiny-gpt2")
        let copy = folder.appendingPathComponent(name)
        try FileManager.default.copyItem(at: source, to: copy)
        try FileManager.default.removeItem(at: copy.appendingPathComponent("tokenizer.json"))
        try edit(copy)
        return copy
    }

    /// `kmix inspect`'s one-line refusal of `model`.
    func inspectRefusal(_ model: URL) throws -> String {
        let result = try KMixBinary.run(["inspect", model.path])
        #expect(result.status != 0 && result.output.isEmpty, "\(result.output)")
        #expect(result.error.split(separator: "\n").count == 1, "one line: \(result.error)")
        return result.error
    }

    @Test func aGPT2FolderWithoutMergesIsRefusedNamingTheFile() throws {
        let model = try brokenGPT2("no-merges") { try FileManager.default.removeItem(at: $0.appendingPathComponent("merges.txt")) }
        let message = try inspectRefusal(model)
        #expect(message.contains("merges.txt"), "\(message)")
    }

    @Test func aMergeNamingAnUnknownTokenIsRefusedNamingTheLine() throws {
        let model = try brokenGPT2("bad-merge") { folder in
            let merges = folder.appendingPathComponent("merges.txt")
            var lines = try String(contentsOf: merges, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
            lines[3] = "Ġnot-a-token Ġneither"
            try lines.joined(separator: "\n").write(to: merges, atomically: true, encoding: .utf8)
        }
        let message = try inspectRefusal(model)
        #expect(message.contains("merges.txt") && message.contains("4") && message.contains("not-a-token"), "\(message)")
    }

    @Test(arguments: [("n_head", "5", "n_head"), ("model_type", "\"t5\"", "'t5'")])
    func configurationValuesKmixCannotLoadAreRefusedNamingThem(field: String, value: String, named: String) throws {
        let model = try brokenGPT2("config-\(field)") { folder in
            let url = folder.appendingPathComponent("config.json")
            var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: url)) as? [String: Any])
            json[field] = try JSONSerialization.jsonObject(with: Data(value.utf8), options: .fragmentsAllowed)
            try JSONSerialization.data(withJSONObject: json).write(to: url)
        }
        let message = try inspectRefusal(model)
        #expect(message.contains("config.json") && message.contains(named), "\(message)")
    }
}
