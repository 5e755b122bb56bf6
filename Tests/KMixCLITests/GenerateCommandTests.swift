import Foundation
import KMixTestSupport
import Testing

/// `kmix generate` on tiny-gpt2 (`Tests/KMixTests/Fixtures/families/`): transformers' outputs line for line, and
/// one-sentence refusals.
@Suite(.enabled(if: KMixBinary.isBuilt)) struct GenerateCommandTests {
    static let families = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KMixTests/Fixtures/families")
    let model = families.appendingPathComponent("tiny-gpt2").path

    struct Fixture: Decodable {
        struct Output: Decodable {
            let ids: [Int32]
            let text: String
        }

        struct Prompt: Decodable {
            let text: String
            let greedy: Output
            let beam4: Output
        }

        let prompts: [Prompt]
    }

    struct Line: Decodable, Equatable {
        let index: Int
        let prompt: String
        let text: String
        let ids: [Int32]
    }

    private func generate(_ arguments: [String], input: String) throws -> [Line] {
        let result = try KMixBinary.run(["generate", "--model", model, "--input", "-", "--threads", "1"] + arguments,
                                        input: input)
        #expect(result.status == 0, "\(result.error)")
        return try result.output.split(separator: "\n").map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
    }

    @Test func greedyAndBeamSearchWriteTransformersOutputsLineForLine() throws {
        let data = try Data(contentsOf: Self.families.appendingPathComponent("gpt2-generate.json"))
        let prompts = try JSONDecoder().decode(Fixture.self, from: data).prompts
        let input = prompts.map(\.text).joined(separator: "\n") + "\n"
        let greedy = try generate(["--max-new-tokens", "24", "--batch-size", "1"], input: input)
        #expect(greedy.map(\.index) == Array(prompts.indices))
        #expect(greedy.map(\.prompt) == prompts.map(\.text))
        #expect(greedy.map(\.ids) == prompts.map(\.greedy.ids))
        #expect(greedy.map(\.text) == prompts.map(\.greedy.text))
        let beam = try generate(["--max-new-tokens", "24", "--beams", "4", "--length-penalty", "0.9",
                                 "--no-repeat-ngram", "4", "--early-stopping", "true", "--batch-size", "5"], input: input)
        #expect(beam.map(\.ids) == prompts.map(\.beam4.ids))
        #expect(beam.map(\.text) == prompts.map(\.beam4.text))
    }

    @Test func badOptionsAndPromptsAreRefusedInOneSentence() throws {
        func refused(_ arguments: [String], input: String = "The\n", status: Int32, _ message: String,
                     sourceLocation: SourceLocation = #_sourceLocation) throws {
            let result = try KMixBinary.run(["generate"] + arguments, input: input)
            #expect(result.status == status, "\(result.error)", sourceLocation: sourceLocation)
            #expect(result.error.split(separator: "\n").first == "Error: \(message)", sourceLocation: sourceLocation)
        }
        try refused(["--model", model, "--input", "-", "--beams", "0"], status: 64, "--beams must be at least 1")
        try refused(["--model", model, "--input", "-", "--max-new-tokens", "0"], status: 64,
                    "--max-new-tokens must be at least 1")
        try refused(["--input", "-"], status: 64, "give either --model MODEL or --run RUN_DIR")
        try refused(["--model", model, "--run", "r", "--input", "-"], status: 64, "give either --model MODEL or --run RUN_DIR")
        try refused(["--model", model, "--input", "-"], input: "The\n" + String(repeating: "a ", count: 120) + "\n",
                    status: 1, "prompt 1 has 121 tokens; the model takes at most 96 positions, prompt and generated "
                        + "tokens together")
        try refused(["--model", model, "--input", "-", "--max-new-tokens", "90"], input: "The\nname[The Vaults]\n",
                    status: 1, "prompt 1 has 8 tokens, and 90 new tokens after it would reach position 98, beyond "
                        + "the model's 96; generate at most 88 tokens for it or shorten it")
        let roberta = Self.families.appendingPathComponent("tiny-roberta").path
        try refused(["--model", roberta, "--input", "-"], status: 1,
                    "tiny-roberta is a RoBERTa model, which encodes texts; generation needs a decoder (GPT-2)")
    }
}
