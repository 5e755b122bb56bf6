import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// What `Generator` refuses, each with one sentence naming the setting or the prompt and the limit.
@Suite struct GenerationInputTests {
    let fixture: GenerationFixture
    let generator: Generator

    init() throws {
        fixture = try GenerationFixture()
        generator = try Generator(fixture.transformer, modelName: "tiny-gpt2", workers: 1)
    }

    private func refusal(_ prompts: [[Int32]], _ settings: GenerationSettings) -> GenerationError? {
        do {
            _ = try generator.generate(prompts, settings: settings)
            return nil
        } catch {
            return error
        }
    }

    @Test func settingsOutsideTheirRangeAreRefused() {
        #expect(refusal([[1]], GenerationSettings(maxNewTokens: 4, beams: 0))
                == .invalidSetting(name: "beams", value: "0", requirement: "must be at least 1"))
        #expect(refusal([[1]], GenerationSettings(maxNewTokens: 0))
                == .invalidSetting(name: "max new tokens", value: "0", requirement: "must be at least 1"))
        #expect(refusal([[1]], GenerationSettings(maxNewTokens: 4, noRepeatNGramSize: -1))?.description
                == "no-repeat n-gram size -1 is not usable: it must be 0 (off) or more")
        #expect(refusal([[1]], GenerationSettings(maxNewTokens: 4, beams: 2, lengthPenalty: .nan)) != nil)
    }

    @Test func promptsBeyondThePositionsAreRefusedNamingTheLimit() {
        let positions = fixture.transformer.configuration.maxPositions
        let long = [Int32](repeating: 5, count: positions + 1)
        #expect(refusal([[1], long], GenerationSettings(maxNewTokens: 1))?.description
                == "prompt 1 has \(positions + 1) tokens; the model takes at most \(positions) positions, "
                + "prompt and generated tokens together")
        let near = [Int32](repeating: 5, count: positions - 4)
        #expect(refusal([near], GenerationSettings(maxNewTokens: 10))?.description
                == "prompt 0 has \(positions - 4) tokens, and 10 new tokens after it would reach position "
                + "\(positions + 6), beyond the model's \(positions); generate at most 4 tokens for it or shorten it")
        #expect(refusal([near], GenerationSettings(maxNewTokens: 4)) == nil)
    }

    @Test func idsOutsideTheVocabularyAreRefused() {
        let v = fixture.transformer.configuration.vocabularySize
        #expect(refusal([[1], [2, Int32(v)]], GenerationSettings(maxNewTokens: 2))
                == .tokenOutsideVocabulary(index: 1, token: Int32(v), vocabularySize: v))
        #expect(refusal([[-1]], GenerationSettings(maxNewTokens: 2)) != nil)
    }

    @Test func anEmptyPromptStartsFromTheBeginningOfTextToken() throws {
        let start = try #require(fixture.transformer.configuration.beginningOfTextID)
        let settings = GenerationSettings(maxNewTokens: 6, beams: 2)
        #expect(try generator.generate([[]], settings: settings) == generator.generate([[Int32(start)]], settings: settings))
    }

    @Test func anEncoderIsRefused() throws {
        let bert = try RandomBert(layers: 1, heads: 2, headSize: 4).encoder(seed: 1)
        #expect(throws: GenerationError.notADecoder(model: "random-bert", family: .bert)) {
            try Generator(bert, modelName: "random-bert")
        }
    }
}
