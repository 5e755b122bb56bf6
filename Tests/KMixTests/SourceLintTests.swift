import Foundation
import Testing

/// Product code does not crash on input: no `try!` anywhere in `Sources/`, and `precondition`/`fatalError` only
/// where this list says why — invariants the code itself establishes (shapes it built, threads it runs on), never
/// values read from files, options or data, which are validated with an error that names them.
@Suite struct SourceLintTests {
    /// Files allowed to hold `precondition(` or `fatalError(`, with how many, and the invariant they guard.
    static let allowed: [String: (count: Int, why: String)] = [
        "KMix/Training/LanguageModel/KernelMixLanguageModel.swift": (2, "label smoothing is validated by its options and config.json; target starts come from EncodedDataset (one per sequence, at least 1)"),
        "KMix/Experiments/StudentT.swift": (1, "callers pass a level in (0, 1) and n ≥ 2 samples"),
        "KMix/Numerics/Linear.swift": (1, "weights are loaded with their shapes checked against config.json"),
        "KMix/Numerics/Tensor.swift": (1, "tensors are made from checked shapes"),
        "KMix/Numerics/WorkerPool.swift": (1, "the pool is sized by ThreadPolicy, which caps the workers"),
        "KMix/Adapters/ParameterStore.swift": (2, "entries come from a validated plan"),
        "KMix/Allocation/SensitivityTracker.swift": (2, "the tracker is sized from the store it tracks"),
        "KMix/Model/Pooling.swift": (1, "callers branch on .none first"),
        "KMix/Model/PackedBatch.swift": (1, "batches are packed from one tokenizer's encodings"),
        "KMix/Model/Transformer/Transformer.swift": (3, "PretrainedModel.load and encode check ids, types and positions"),
        "KMix/Training/KernelMixClassifier.swift": (1, "labels come from a dataset read with the run's label set"),
        "KMix/Training/AdamW.swift": (2, "moments are loaded with their shapes checked against the plan"),
        "KMix/Training/Trainer/TrainingLoop.swift": (1, "Checkpoint.load checks the checkpoint against the plan"),
        "KMix/Training/Data/ClassificationDataset.swift": (1, "label sets are made with one name per value"),
        "KMix/Training/Data/ClassificationDataset+Load.swift": (1, "options are validated before loading"),
        "KMix/Training/Data/GenerationDataset.swift": (1, "options are validated before loading"),
        "KMix/Training/Data/BatchSchedule.swift": (2, "TrainingParameters are validated before a schedule is made"),
        "KMixTUI/Terminal/CursesBackend.swift": (1, "ncurses runs on the main thread only"),
        "KMixTUI/Terminal/TerminfoProbe.swift": (1, "ncurses runs on the main thread only"),
        "KMixTUI/Terminal/PlainBackend.swift": (2, "the test backend's script ran out: a test bug"),
    ]

    /// Every Swift file of `Sources/`, by path relative to it, with its text.
    static func sources() throws -> [(path: String, text: String)] {
        let root = ProjectFiles.root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil)?
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "swift" } ?? []
        return try files.map { (String($0.path.dropFirst(root.path.count + 1)), try String(contentsOf: $0, encoding: .utf8)) }
    }

    @Test func noTryBang() throws {
        let sources = try Self.sources()
        #expect(sources.count > 100)
        for (path, text) in sources {
            #expect(!text.contains("try!"), "\(path) uses try!")
        }
    }

    @Test func preconditionsOnlyWhereAnInvariantIsListed() throws {
        for (path, text) in try Self.sources() {
            let count = text.components(separatedBy: "precondition(").count - 1 + text.components(separatedBy: "fatalError(").count - 1
            #expect(count == (Self.allowed[path]?.count ?? 0),
                    "\(path) has \(count) precondition/fatalError calls; input must get an error, and an invariant a line in SourceLintTests.allowed")
        }
    }
}
