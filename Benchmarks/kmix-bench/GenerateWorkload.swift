import Foundation
import KMix

/// Continuing prompts with a GPT-2 (`Generator`: KV caches, greedy or beam search), timed from token ids to
/// generated ids, after one untimed warm-up batch.
struct GenerateWorkload {
    struct Result {
        let seconds: Double
        /// Generated tokens (end-of-text included).
        let tokens: Int
        let outputs: [[Int32]]
        var tokensPerSecond: Double { Double(tokens) / seconds }
    }

    /// One measured setting: a name, the search and the prompts per call.
    struct Setting {
        let name: String
        let beams: Int
        let batchSize: Int

        /// What `reference.py generate` runs for the same setting: no-repeat trigrams and early stopping with beams.
        func settings(maxNewTokens: Int) -> GenerationSettings {
            beams == 1 ? GenerationSettings(maxNewTokens: maxNewTokens)
                : GenerationSettings(maxNewTokens: maxNewTokens, beams: beams, noRepeatNGramSize: 3, earlyStopping: .finished)
        }
    }

    static let settings = [Setting(name: "greedy, batch 1", beams: 1, batchSize: 1),
                           Setting(name: "greedy, batch 16", beams: 1, batchSize: 16),
                           Setting(name: "beam 4, batch 1", beams: 4, batchSize: 1)]

    let generator: Generator
    let prompts: [[Int32]]
    let maxNewTokens: Int

    /// The model and `prompts.json` that `reference.py make-gpt2` wrote to `folder`.
    init(folder: URL, maxNewTokens: Int, workers: Int) throws {
        let configuration = try ModelConfiguration.load(from: folder.appendingPathComponent("config.json"))
        let url = folder.appendingPathComponent("model.safetensors")
        let file = try SafeTensorsFile(url: url)
        let weights = try ModelWeights(configuration: configuration, source: url.path) { name in
            file.info(name) == nil ? nil : try file.tensor(name)
        }
        generator = try Generator(Transformer(configuration: configuration, weights: weights),
                                  modelName: folder.lastPathComponent, workers: workers)
        let data = try Data(contentsOf: folder.appendingPathComponent("prompts.json"))
        prompts = try JSONDecoder().decode([[Int32]].self, from: data)
        self.maxNewTokens = maxNewTokens
    }

    /// Every prompt through `setting`, `setting.batchSize` prompts per call, in file order.
    func measure(_ setting: Setting) throws -> Result {
        let settings = setting.settings(maxNewTokens: maxNewTokens)
        let batches = stride(from: 0, to: prompts.count, by: setting.batchSize).map {
            Array(prompts[$0..<min($0 + setting.batchSize, prompts.count)])
        }
        _ = try generator.generate(batches[0], settings: settings)
        let start = DispatchTime.now().uptimeNanoseconds
        var outputs: [[Int32]] = []
        for batch in batches { outputs += try generator.generate(batch, settings: settings).map(\.tokens) }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return Result(seconds: seconds, tokens: outputs.reduce(0) { $0 + $1.count }, outputs: outputs)
    }
}
