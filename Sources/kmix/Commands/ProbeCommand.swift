import ArgumentParser
import Foundation
import KMix
import KMixOptions

/// `kmix probe`: per-head statistics on task data.
struct ProbeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Per-head attention entropy, mean attention distance and gradient importance on task data.",
        discussion: """
        The data: --task or --train (the dev set, else the training set); with --run and neither, the run's own \
        dev set (else its training set), read with the columns and token limit its config.json records, as \
        kmix eval does. Importance is Michel et al. (2019): the mean |dL/d gate| of a gate on each head's output. \
        It is relative to a task head: with --run, the run's trained adapters and classifier; without, a freshly \
        initialised classifier on the frozen model.
        """)

    @OptionGroup var modelOption: ModelOption
    @OptionGroup var dataOptions: DataOptions

    @Option(name: .customLong("run"), help: ArgumentHelp(
        "Probe with a trained run's adapters and classifier, on the run's dev set unless --task or --train names data.",
        valueName: "RUN_DIR"))
    var runFolder: String?

    @Option(help: "Batches of the dev set (else the training set) to probe.")
    var batches = 8

    @Option(name: .customLong("batch-size"), help: "Sentences per batch.")
    var batchSize = 32

    @Flag(help: "Print JSON instead of tables.")
    var json = false

    func validate() throws {
        if batches < 1 { throw ValidationError("--batches must be at least 1") }
        if batchSize < 1 { throw ValidationError("--batch-size must be at least 1") }
        if runFolder == nil && dataOptions.source == nil { throw ValidationError("give --task sst2, --train FILE or --run RUN_DIR") }
    }

    func run() throws {
        let trained = try runFolder.map { try TrainedRun.load(URL(fileURLWithPath: $0, isDirectory: true), model: modelOption.model) }
        let data: (train: TaskExamples, dev: TaskExamples?)
        if dataOptions.source == nil, let trained {
            data = try trained.configuration.loadData()
        } else {
            let loaded = try dataOptions.load()
            data = (loaded.train, loaded.dev)
        }
        if data.train.generation != nil {
            throw CommandError("kmix probe measures heads with a classifier's labels; \(data.train.source) holds "
                               + "source/target pairs")
        }
        let classifier: KernelMixClassifier
        let model: PretrainedModel
        if let trained {
            model = trained.model
            classifier = try trained.classifier()
        } else {
            model = try PretrainedModel.load(modelOption.model)
            let plan = try model.plan(preset: .none)
            var adapters = AdapterSet(plan: plan, labelCount: data.train.labelValues.count)
            var generator = SeededGenerator(seed: 42)
            adapters.initialize(using: &generator)
            classifier = try KernelMixClassifier(encoder: model.encoder, adapters: adapters)
        }
        let maxLength = trained?.configuration.maxLength ?? min(128, model.configuration.maxPositions)
        let encoded = try model.encode(data.dev ?? data.train, maxLength: maxLength)
        let statistics = HeadProbe.run(classifier, on: encoded, batchSize: batchSize, batchLimit: batches)
        print(json ? try Self.json(statistics) : Self.tables(statistics))
    }

    static func tables(_ s: HeadStatistics) -> String {
        var text = "\(s.sentences) sentences\n"
        for (title, table, format) in [("attention entropy (nats)", s.entropy, "%.2f"),
                                       ("mean attention distance (tokens)", s.distance, "%.2f"),
                                       ("importance |dL/d gate|", s.importance, "%.1e"),
                                       ("importance, each layer scaled to unit norm", s.layerNormalizedImportance, "%.3f")] {
            text += "\n\(title)\nlayer" + (0..<(table.first?.count ?? 0)).map { "h\($0)".rightAligned(8) }.joined() + "\n"
            for (layer, row) in table.enumerated() {
                text += "L\(layer)".padding(5) + row.map { String(format: format, $0).rightAligned(8) }.joined() + "\n"
            }
        }
        return text
    }

    static func json(_ s: HeadStatistics) throws -> String {
        let object: [String: Any] = ["sentences": s.sentences, "entropy": s.entropy, "distance": s.distance,
                                     "importance": s.importance, "importance_layer_normalized": s.layerNormalizedImportance]
        return String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }
}
