import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Bad input to the `kmix` binary: one sentence on standard error, a non-zero exit status.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct CLIErrorTests {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-cli-\(UUID().uuidString)")

    init() throws { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) }

    /// A model folder with a tiny valid config, weights and vocabulary, then `edit` applied.
    func modelFolder(_ edit: (URL) throws -> Void = { _ in }) throws -> URL {
        let model = folder.appendingPathComponent("model")
        try FileManager.default.createDirectory(at: model, withIntermediateDirectories: true)
        let config: [String: Any] = ["model_type": "bert", "vocab_size": 8, "hidden_size": 4, "num_hidden_layers": 1,
                                     "num_attention_heads": 2, "intermediate_size": 8, "max_position_embeddings": 8]
        try JSONSerialization.data(withJSONObject: config).write(to: model.appendingPathComponent("config.json"))
        var writer = SafeTensorsWriter()
        try writer.add("embeddings.word_embeddings.weight", shape: [8, 4], floats: [Float](repeating: 0.1, count: 32))
        try writer.write(to: model.appendingPathComponent("model.safetensors"))
        try "[PAD]\n[UNK]\n[CLS]\n[SEP]\n[MASK]\nfilm\n".write(to: model.appendingPathComponent("vocab.txt"),
                                                             atomically: true, encoding: .utf8)
        try edit(model)
        return model
    }

    func expectFailure(_ arguments: [String], mentions fragments: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try KMixBinary.run(arguments)
        #expect(result.status != 0, sourceLocation: sourceLocation)
        let lines = result.error.split(separator: "\n")
        #expect(lines.count == 1, "one line: \(result.error)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(result.error.contains(fragment), "\(result.error) should mention \(fragment)", sourceLocation: sourceLocation)
        }
    }

    @Test func missingFolder() throws {
        try expectFailure(["inspect", "/nonexistent/model"], mentions: ["/nonexistent/model", "not found"])
    }

    @Test func configurationWithAMissingField() throws {
        let model = try modelFolder { model in
            let config: [String: Any] = ["model_type": "bert", "vocab_size": 8, "num_hidden_layers": 1]
            try JSONSerialization.data(withJSONObject: config).write(to: model.appendingPathComponent("config.json"))
        }
        try expectFailure(["inspect", model.path], mentions: ["config.json", "hidden_size"])
    }

    @Test func weightsCutInHalf() throws {
        let model = try modelFolder { model in
            let url = model.appendingPathComponent("model.safetensors")
            let bytes = try Data(contentsOf: url)
            try bytes.prefix(bytes.count / 2).write(to: url)
        }
        try expectFailure(["inspect", model.path], mentions: ["model.safetensors", "truncated"])
    }

    @Test func gitLFSPointerInPlaceOfTheWeights() throws {
        let model = try modelFolder { model in
            try "version https://git-lfs.github.com/spec/v1\noid sha256:abc\nsize 90868376\n"
                .write(to: model.appendingPathComponent("model.safetensors"), atomically: true, encoding: .utf8)
        }
        try expectFailure(["inspect", model.path], mentions: ["model.safetensors", "LFS"])
    }

    @Test func tokenizerWithNoVocabulary() throws {
        let model = try modelFolder { model in
            try FileManager.default.removeItem(at: model.appendingPathComponent("vocab.txt"))
            let tokenizer: [String: Any] = ["model": ["type": "WordPiece", "unk_token": "[UNK]"]]
            try JSONSerialization.data(withJSONObject: tokenizer).write(to: model.appendingPathComponent("tokenizer.json"))
            var writer = SafeTensorsWriter()
            for (name, shape) in BertShapes.all(vocabulary: 8, hidden: 4, layers: 1, intermediate: 8, positions: 8) {
                try writer.add(name, shape: shape, floats: [Float](repeating: 0.1, count: shape.reduce(1, *)))
            }
            try writer.write(to: model.appendingPathComponent("model.safetensors"))
        }
        try expectFailure(["inspect", model.path], mentions: ["tokenizer.json", "vocab"])
    }

    @Test func presetLargerThanTheModel() throws {
        let model = folder.appendingPathComponent("tiny"), train = folder.appendingPathComponent("train.tsv")
        let run = folder.appendingPathComponent("run")
        try TinyFolders.model(in: model)
        try TinyFolders.data(train, count: 8, seed: 1)
        try expectFailure(["plan", "preset", "uniform-5", "--model", model.path],
                          mentions: ["preset uniform-5 gives heads rank 5, but this model's heads have 4 dimensions"])
        let planFile = folder.appendingPathComponent("p.json")
        try expectFailure(["plan", "init", "--preset", "lora-r9", "--model", model.path, "--out", planFile.path],
                          mentions: ["preset lora-r9 gives shared rank 9, but this model's hidden size is 8"])
        try expectFailure(["train", "--train", train.path, "--model", model.path, "--preset", "uniform-5", "--max-steps", "1",
                           "--out", run.path], mentions: ["uniform-5", "4 dimensions"])
        #expect(!FileManager.default.fileExists(atPath: run.path), "nothing trained or written")
        #expect(!FileManager.default.fileExists(atPath: planFile.path))
    }

    /// Expects `arguments` to be refused before anything runs, with `message` as the error (then the usage lines).
    func expectRefusedOption(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try KMixBinary.run(arguments)
        #expect(result.status == 64, "\(arguments): \(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.split(separator: "\n").first == "Error: \(message)", sourceLocation: sourceLocation)
    }

    @Test func settingsThatAResumedRunKeepsAreRefusedByName() throws {
        let kept = ": a resumed run keeps the settings of its config.json (only --eval-every, --save-every, --keep-last "
            + "and --keep-best may change)"
        try expectRefusedOption(["train", "--resume", "r", "--lr", "1e-3", "--epochs", "2", "--preset", "lora-r8"],
                                "--preset, --epochs, --lr cannot change on --resume" + kept)
        try expectRefusedOption(["train", "--resume", "r", "--train", "t.tsv", "--threads", "1"],
                                "--train, --threads cannot change on --resume" + kept)
    }

    @Test func unusableThreadCountsInTheEnvironmentAreRefused() throws {
        for (program, value) in [("kmix", "abc"), ("kmix", "0"), ("kmix-tui", "-2")] {
            let result = try KMixBinary.run(["--help"], program: program, environment: ["KMIX_THREADS": value])
            #expect(result.status != 0)
            #expect(result.error == "Error: KMIX_THREADS=\(value) is not a whole number of at least 1\n", "\(result.error)")
        }
        #expect(try KMixBinary.run(["--help"], environment: ["KMIX_THREADS": "3"]).status == 0)
    }

    @Test func maxLengthBeyondTheModelsPositionsIsRefused() throws {
        let model = folder.appendingPathComponent("tiny"), train = folder.appendingPathComponent("train.tsv")
        try TinyFolders.model(in: model)
        try TinyFolders.data(train, count: 8, seed: 1)
        let run = folder.appendingPathComponent("run")
        try expectFailure(["train", "--train", train.path, "--model", model.path, "--preset", "none", "--max-length", "17",
                           "--out", run.path], mentions: ["--max-length 17 exceeds the 16 positions of tiny"])
        #expect(!FileManager.default.fileExists(atPath: run.path))
        try expectFailure(["embed", "--input", "-", "--model", model.path, "--max-length", "17"],
                          mentions: ["--max-length 17 exceeds the 16 positions of tiny"])
    }

    @Test func countsBelowOneAreRefused() throws {
        let train = ["train", "--train", "t.tsv", "--preset", "none", "--out", "r"]
        for (option, value, minimum) in [("--epochs", "0", 1), ("--max-steps", "0", 1), ("--batch-size", "0", 1),
                                         ("--max-length", "1", 2), ("--eval-every", "0", 1), ("--eval-every", "-3", 1),
                                         ("--save-every", "0", 1), ("--keep-last", "0", 1), ("--threads", "0", 1),
                                         ("--bucket-batches", "0", 1), ("--max-train-rows", "0", 1)] {
            try expectRefusedOption(train + ["\(option)=\(value)"], "\(option) must be at least \(minimum)")
        }
        try expectRefusedOption(["train", "--resume", "r", "--eval-every", "0"], "--eval-every must be at least 1")
        for command in [["eval", "--run", "r"], ["predict", "--run", "r", "--input", "-"]] {
            try expectRefusedOption(command + ["--batch-size", "0"], "--batch-size must be at least 1")
            try expectRefusedOption(command + ["--threads", "0"], "--threads must be at least 1")
        }
        try expectRefusedOption(["probe", "--train", "t.tsv", "--batch-size", "0"], "--batch-size must be at least 1")
        try expectRefusedOption(["probe", "--task", "sst2", "--batches", "0"], "--batches must be at least 1")
        try expectRefusedOption(["probe", "--task", "sst2", "--batches=-1"], "--batches must be at least 1")
        try expectRefusedOption(["verify-export", "d", "--run", "r", "--threads", "0"], "--threads must be at least 1")
        try expectRefusedOption(["verify-export", "d", "--run", "r", "--sample", "0"], "--sample must be at least 1")
    }

    @Test func embedOfAMissingInputFile() throws {
        try expectFailure(["embed", "--input", "/nonexistent/input.txt"], mentions: ["/nonexistent/input.txt"])
    }
}

/// The tensor names and shapes of a BERT checkpoint.
enum BertShapes {
    static func all(vocabulary: Int, hidden d: Int, layers: Int, intermediate ff: Int, positions: Int) -> [(String, [Int])] {
        var shapes: [(String, [Int])] = [
            ("embeddings.word_embeddings.weight", [vocabulary, d]), ("embeddings.position_embeddings.weight", [positions, d]),
            ("embeddings.token_type_embeddings.weight", [2, d]), ("embeddings.LayerNorm.weight", [d]),
            ("embeddings.LayerNorm.bias", [d]),
        ]
        for layer in 0..<layers {
            let p = "encoder.layer.\(layer)."
            for name in ["attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"] {
                shapes += [(p + name + ".weight", [d, d]), (p + name + ".bias", [d])]
            }
            shapes += [(p + "intermediate.dense.weight", [ff, d]), (p + "intermediate.dense.bias", [ff]),
                       (p + "output.dense.weight", [d, ff]), (p + "output.dense.bias", [d])]
            for norm in ["attention.output.LayerNorm", "output.LayerNorm"] {
                shapes += [(p + norm + ".weight", [d]), (p + norm + ".bias", [d])]
            }
        }
        return shapes
    }
}
