import Foundation
import Testing
@testable import KMix

/// `TargetWriter` on tiny-gpt2 with `paper-nlg` adapters: its generations (ids, and scores within rounding) are what a
/// `Generator` over the folded weights writes for the sources' prompts, and its texts are those generations decoded;
/// the adapters change what the plain model writes.
@Suite struct TargetWriterTests {
    static let sources = ["name[Alimentum], area[city centre], familyFriendly[no]",
                          "name[Aromi], eatType[coffee shop], food[French], customer rating[low]",
                          "name[Bibimbap House], near[Clare Hall]"]
    static let settings = GenerationSettings(maxNewTokens: 12, beams: 3, lengthPenalty: 0.9, noRepeatNGramSize: 4,
                                             earlyStopping: .finished)

    @Test func generationsAreTheMergedModelsOnThePromptsAndTheTextsTheirDecoding() throws {
        let model = try PretrainedModel.load(folder: FamilyFixture.folder("tiny-gpt2"))
        var adapters = AdapterSet(plan: AdapterPlan(preset: .paperNLG, shape: AdapterPlan.ModelShape(model.configuration)),
                                  labelCount: 0)
        var generator = SeededGenerator(seed: 5)
        adapters.initialize(using: &generator)
        let writer = try TargetWriter(model: model, adapters: adapters, workers: 2)
        let endOfText = try #require(model.tokenizer.endOfTextID)
        let prompts = Self.sources.map { GenerationSequence.prompt($0, tokenizer: model.tokenizer) }
        let merged = try Generator(Transformer(configuration: model.configuration,
                                               weights: model.encoder.weights.merging(adapters)),
                                   modelName: "tiny-gpt2", workers: 2)

        let generations = try writer.generate(Self.sources, settings: Self.settings, batchSize: 3)
        let expected = try merged.generate(prompts, settings: Self.settings)
        let plain = try Generator(model.encoder, modelName: "tiny-gpt2", workers: 2).generate(prompts, settings: Self.settings)
        #expect(generations.map(\.tokens) == expected.map(\.tokens))
        // Scores within 1e-5: run beside the whole suite, the two calls once did not compare equal.
        #expect(zip(generations, expected).allSatisfy { abs($0.score - $1.score) <= 1e-5 }, "\(generations) \(expected)")
        #expect(zip(generations, plain).contains { $0.tokens != $1.tokens || abs($0.score - $1.score) > 1e-2 * abs($1.score) },
                "the adapters are folded in: \(generations) \(plain)")
        let texts = generations.map {
            model.tokenizer.decode($0.tokens.filter { $0 != endOfText }, skipSpecialTokens: true)
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }
        #expect(try writer.write(Self.sources, settings: Self.settings, batchSize: 2) == texts)
    }
}
