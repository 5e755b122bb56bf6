import Foundation
import Testing
@testable import KMix

/// `Fixtures/families/gpt2-generate.json`: what transformers' `generate` made of tiny-gpt2 for every prompt alone,
/// per setting (`scripts/make_family_fixtures.py`).
struct GenerationFixture {
    /// One prompt and what each setting generated from it.
    struct Prompt: Decodable {
        struct Output: Decodable {
            let ids: [Int32]
            let text: String
            let score: Float?
        }

        let ids: [Int32]
        let outputs: [String: Output]

        private struct Key: CodingKey {
            let stringValue: String
            var intValue: Int? { nil }
            init(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Key.self)
            ids = try container.decode([Int32].self, forKey: Key(stringValue: "ids"))
            var outputs: [String: Output] = [:]
            for key in container.allKeys {
                if let output = try? container.decode(Output.self, forKey: key) { outputs[key.stringValue] = output }
            }
            self.outputs = outputs
        }
    }

    /// A setting as `generate` was called.
    struct Setting: Decodable {
        let num_beams: Int
        let max_new_tokens: Int
        let length_penalty: Float?
        let no_repeat_ngram_size: Int?
        let early_stopping: EarlyStopping?

        /// `early_stopping`: true, false or "never".
        enum EarlyStopping: Decodable {
            case flag(Bool), text(String)
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let flag = try? container.decode(Bool.self) { self = .flag(flag) } else {
                    self = .text(try container.decode(String.self))
                }
            }
        }

        var settings: GenerationSettings {
            let stopping: GenerationSettings.EarlyStopping
            switch early_stopping {
            case .flag(true): stopping = .finished
            case .text("never"): stopping = .never
            default: stopping = .heuristic
            }
            return GenerationSettings(maxNewTokens: max_new_tokens, beams: num_beams, lengthPenalty: length_penalty ?? 1,
                                      noRepeatNGramSize: no_repeat_ngram_size ?? 0, earlyStopping: stopping)
        }
    }

    struct File: Decodable {
        let settings: [String: Setting]
        let prompts: [Prompt]
    }

    let file: File
    let transformer: Transformer

    init() throws {
        let url = try ProjectFiles.fixture("families/gpt2-generate.json")
        file = try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
        transformer = try FamilyFixture.transformer("tiny-gpt2")
    }
}
