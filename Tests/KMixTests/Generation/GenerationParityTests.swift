import Foundation
import Testing
@testable import KMix

/// The KV-cache decoder and the searches against transformers (`GenerationFixture`): logits step by step, and greedy
/// and beam-search outputs token for token, every prompt alone and in mixed-length batches.
@Suite struct GenerationParityTests {
    let fixture: GenerationFixture

    init() throws {
        fixture = try GenerationFixture()
    }

    /// Prefills each sequence of `gpt2-forward` with its first `split` tokens (all of a shorter one), then steps through the rest one token
    /// at a time, all sequences together: every step's logits equal the full forward's (`hiddenStates` and the tied
    /// head) at that position within 1e-4, and transformers' too.
    @Test(arguments: [1, 3])
    func cachedStepLogitsEqualTheFullForward(split: Int) throws {
        let reference = try FamilyFixture.reference("gpt2-forward")
        let (whole, width) = try FamilyFixture.batch(reference)
        let transformer = fixture.transformer, c = transformer.configuration, v = c.vocabularySize
        let sequences = (0..<whole.count).map { whole.sequenceIDs($0) }
        let batch = PackedBatch(sequences: sequences)
        let full = transformer.languageModelLogits(for: batch), expected = try reference.floats("logits")
        #expect(FamilyFixture.worstDifference(full.scalars, expected, batch: batch, width: width, columns: v) <= 1e-4)
        let decoder = IncrementalDecoder(transformer)
        let caches = sequences.map { KVCache(layers: c.layerCount, width: c.hiddenSize, capacity: $0.count) }
        var worst: Float = 0, worstTransformers: Float = 0, compared = 0
        func compare(_ logits: UnsafePointer<Float>, rows: [(sequence: Int, position: Int)]) {
            for (row, place) in rows.enumerated() {
                let mine = (batch.offsets[place.sequence] + place.position) * v
                let theirs = (place.sequence * width + place.position) * v
                for i in 0..<v {
                    worst = max(worst, abs(logits[row * v + i] - full.scalars[mine + i]))
                    worstTransformers = max(worstTransformers, abs(logits[row * v + i] - expected[theirs + i]))
                }
                compared += 1
            }
        }
        let prefixes = sequences.map { min(split, $0.count) }
        let prefilled = decoder.prefill(zip(sequences, prefixes).map { Array($0.prefix($1)) }, into: caches, workers: 2)
        compare(prefilled, rows: prefixes.enumerated().map { ($0.offset, $0.element - 1) })
        for position in 0..<(sequences.map(\.count).max() ?? 0) {
            let live = sequences.indices.filter { position >= prefixes[$0] && position < sequences[$0].count }
            guard !live.isEmpty else { continue }
            let logits = decoder.step(live.map { sequences[$0][position] }, caches: live.map { caches[$0] }, workers: 2)
            compare(logits, rows: live.map { ($0, position) })
        }
        #expect(compared == batch.tokenCount - prefixes.reduce(0, +) + sequences.count)
        #expect(worst <= 1e-4, "max |difference| from the full forward \(worst)")
        #expect(worstTransformers <= 1e-4, "max |difference| from transformers \(worstTransformers)")
    }

    /// Every setting of the fixture, every prompt: the same ids as transformers (and the same score within 1e-4 for
    /// beam search), in batches of `batchSize` prompts of mixed lengths, and the same text decoded.
    @Test(arguments: [1, 8])
    func generationMatchesTransformersTokenForToken(batchSize: Int) throws {
        let generator = try Generator(fixture.transformer, modelName: "tiny-gpt2", workers: 2)
        let tokenizer = try PretrainedModel.load(folder: FamilyFixture.folder("tiny-gpt2")).tokenizer
        let prompts = fixture.file.prompts
        #expect(prompts.count >= 24)
        #expect(fixture.file.settings.count >= 3 && prompts.allSatisfy { $0.outputs.count == fixture.file.settings.count })
        for (name, setting) in fixture.file.settings.sorted(by: { $0.key < $1.key }) {
            var results: [Generation] = []
            for start in stride(from: 0, to: prompts.count, by: batchSize) {
                let part = prompts[start..<min(start + batchSize, prompts.count)]
                results += try generator.generate(part.map(\.ids), settings: setting.settings)
            }
            for (index, (prompt, result)) in zip(prompts, results).enumerated() {
                let expected = try #require(prompt.outputs[name])
                #expect(result.tokens == expected.ids, "\(name), prompt \(index)")
                #expect(tokenizer.decode(result.tokens, skipSpecialTokens: true) == expected.text)
                if let score = expected.score {
                    #expect(abs(result.score - score) <= 1e-4, "\(name), prompt \(index): score \(result.score) vs \(score)")
                }
            }
        }
    }
}
