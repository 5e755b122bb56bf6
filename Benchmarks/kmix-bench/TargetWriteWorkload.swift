import Foundation
import KMix

/// Decoding for evaluation: `TargetWriter` (adapters folded into the weights) writes a target for each source with
/// the data-to-text settings, timed from source texts to generated ids, after one untimed warm-up batch.
struct TargetWriteWorkload {
    struct Result {
        let seconds: Double
        /// Generated tokens (end-of-text included).
        let tokens: Int
        let outputs: [[Int32]]
        var secondsPerSource: Double { seconds / Double(max(1, outputs.count)) }
    }

    let model: PretrainedModel
    let adapters: AdapterSet
    let sources: [String]
    let settings: GenerationSettings
    let batchSize: Int
    let workers: Int

    /// The token ids `TargetWriter` prompts each source with (`GenerationSequence`).
    var prompts: [[Int32]] {
        sources.map { GenerationSequence.prompt($0, tokenizer: model.tokenizer) }
    }

    /// Every source through `TargetWriter`, `batchSize` per call, in order; the first batch once more beforehand,
    /// untimed. The writer (folding the adapters in) is built before the clock starts.
    func measure() throws -> Result {
        let writer = try TargetWriter(model: model, adapters: adapters, workers: workers)
        _ = try writer.generate(Array(sources.prefix(batchSize)), settings: settings, batchSize: batchSize)
        let start = DispatchTime.now().uptimeNanoseconds
        let outputs = try writer.generate(sources, settings: settings, batchSize: batchSize).map(\.tokens)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(seconds: seconds, tokens: outputs.reduce(0) { $0 + $1.count }, outputs: outputs)
    }

    /// Writes the model with the adapters folded in, as transformers reads a `GPT2LMHeadModel` (the base model's
    /// `config.json`, the tied head implied), and the prompts as a JSON list, into `folder`.
    func writeReference(to folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var tensors = SafeTensorsWriter(metadata: ["format": "pt"])
        for (name, tensor) in model.encoder.weights.merging(adapters).huggingFaceTensors(family: .gpt2,
                                                                                         prefix: "transformer.") {
            try tensors.add(name, tensor)
        }
        try tensors.write(to: folder.appendingPathComponent("model.safetensors"))
        try FileManager.default.copyItem(at: model.folder.appendingPathComponent("config.json"),
                                         to: folder.appendingPathComponent("config.json"))
        try JSONEncoder().encode(prompts).write(to: folder.appendingPathComponent("prompts.json"))
    }
}
