import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// A seeded mutation fuzz of everything kmix reads: a model folder (safetensors, `config.json`, `vocab.txt`), the
/// real model's `tokenizer.json`, a plan, a data file, a run's `config.json`, a checkpoint, a PEFT adapter and TOML. Each mutant must load or be
/// refused with a one-line message; a crash ends the test process, a hang its time limit. `KMIX_FUZZ_MUTANTS`
/// (per target, default 500) and `KMIX_FUZZ_SEED` set the size and the seed; `scripts/fuzz` runs it longer.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct FuzzTests {
    /// One file kmix reads and the loader that reads it.
    struct Target {
        let name: String
        let file: URL
        let load: () throws -> Void
    }

    static var mutantsPerTarget: Int { ProcessInfo.processInfo.environment["KMIX_FUZZ_MUTANTS"].flatMap(Int.init) ?? 500 }
    static var seed: UInt64 { ProcessInfo.processInfo.environment["KMIX_FUZZ_SEED"].flatMap(UInt64.init) ?? 20_261_206 }

    /// The corpus: a tiny model, a plan, data and a trained run with a checkpoint and a PEFT export, under `root`.
    static func targets(in root: URL) throws -> [Target] {
        let model = root.appendingPathComponent("inputs/model")
        var arguments = try TinyFolders.training(in: root.appendingPathComponent("inputs"), epochs: 1)
        let plan = root.appendingPathComponent("inputs/plan.json")
        try TinyModel.raggedPlan(head: .pooler, trainPooler: false).write(to: plan)
        let run = root.appendingPathComponent("run"), peft = root.appendingPathComponent("peft")
        let planOption = try #require(arguments.firstIndex(of: "--plan"))
        arguments.replaceSubrange(planOption...(planOption + 1), with: ["--preset", "lora-r2"])
        arguments += ["--max-steps", "2", "--save-every", "2", "--out", run.path]
        let trained = try KMixBinary.run(arguments)
        try #require(trained.status == 0, "\(trained.error)")
        let exported = try KMixBinary.run(["export", "--run", run.path, "--format", "peft", "--out", peft.path])
        try #require(exported.status == 0, "\(exported.error)")
        let toml = root.appendingPathComponent("config.toml")
        try "theme = \"dark\"\nrefresh_rate = 30\n[keys]\nquit = \"q\"\nlist = [1, 2.5e-3, \"x\"]\n"
            .write(to: toml, atomically: true, encoding: .utf8)
        let tokenizer = root.appendingPathComponent("tokenizer")
        try FileManager.default.createDirectory(at: tokenizer, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: try TestModel.requireFolder().appendingPathComponent("tokenizer.json"),
                                         to: tokenizer.appendingPathComponent("tokenizer.json"))
        let checkpoint = CheckpointFolder(runFolder: run).folder(step: 2)
        let pristine = try PretrainedModel.load(folder: model)
        let data = root.appendingPathComponent("inputs/train.tsv")
        return [
            Target(name: "model.safetensors", file: model.appendingPathComponent("model.safetensors")) {
                _ = try PretrainedModel.load(folder: model)
            },
            Target(name: "config.json", file: model.appendingPathComponent("config.json")) { _ = try PretrainedModel.load(folder: model) },
            Target(name: "vocab.txt", file: model.appendingPathComponent("vocab.txt")) { _ = try PretrainedModel.load(folder: model) },
            Target(name: "plan.json", file: plan) { _ = try AdapterPlan.load(from: plan, for: TinyModel.shape) },
            Target(name: "train.tsv", file: data) { _ = try ClassificationDataset.load(data, labels: .inferred) },
            Target(name: "run config.json", file: run.appendingPathComponent("config.json")) {
                _ = try RunConfiguration.load(fromRun: run)
            },
            Target(name: "trainer_state.json", file: checkpoint.appendingPathComponent(Checkpoint.File.trainerState)) {
                _ = try Checkpoint.load(from: checkpoint, model: pristine)
            },
            Target(name: "checkpoint adapters", file: checkpoint.appendingPathComponent(Checkpoint.File.adapters)) {
                _ = try Checkpoint.load(from: checkpoint, model: pristine)
            },
            Target(name: "checkpoint optimizer", file: checkpoint.appendingPathComponent(Checkpoint.File.optimizer)) {
                _ = try Checkpoint.load(from: checkpoint, model: pristine)
            },
            Target(name: "adapter_config.json", file: peft.appendingPathComponent("adapter_config.json")) {
                _ = try PEFTImport.adapters(from: peft, model: pristine)
            },
            Target(name: "adapter_model.safetensors", file: peft.appendingPathComponent("adapter_model.safetensors")) {
                _ = try PEFTImport.adapters(from: peft, model: pristine)
            },
            Target(name: "tokenizer.json", file: tokenizer.appendingPathComponent("tokenizer.json")) {
                _ = try Tokenizer.load(folder: tokenizer)
            },
            Target(name: "config.toml", file: toml) {
                _ = try TOMLLite.parse(String(decoding: try Data(contentsOf: toml), as: UTF8.self), file: toml.path,
                                       accepting: [.floats, .arrays])
            },
        ]
    }

    @Test(.timeLimit(.minutes(5)))
    func everyMutantLoadsOrIsRefusedInOneLine() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-fuzz-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let targets = try Self.targets(in: root)
        var generator = SeededGenerator(seed: Self.seed)
        var loaded = 0, refused = 0
        for target in targets {
            let original = try Data(contentsOf: target.file)
            try target.load()
            for _ in 0..<Self.mutantsPerTarget {
                let mutant = Mutator.mutate([UInt8](original), using: &generator)
                try Data(mutant).write(to: target.file)
                do {
                    try target.load()
                    loaded += 1
                } catch {
                    refused += 1
                    let message = "\(error)"
                    #expect(!message.isEmpty && !message.contains("\n"), "\(target.name): \(message)")
                    #expect(!message.contains("couldn’t be completed") && !message.contains("could not be completed"),
                            "\(target.name): a message that says nothing: \(message)")
                }
            }
            try original.write(to: target.file)
        }
        print("fuzz: \(loaded + refused) mutants of \(targets.count) files (seed \(Self.seed)): \(loaded) loaded, \(refused) refused in one line")
        #expect(loaded + refused == targets.count * Self.mutantsPerTarget)
        #expect(refused > loaded, "most mutants are broken")
    }
}
