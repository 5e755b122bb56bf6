import ArgumentParser
import Foundation
import KMix

extension VerifyExportCommand {
    /// Sentences a decoder's export is compared on without `--input`.
    static let decoderTexts = [
        "The weather today is", "Once upon a time there was a small village", "The restaurant serves Italian food",
        "It was a dark and stormy night", "kmix trains adapters on a CPU",
    ]

    /// Prompts whose greedy continuations are compared, and the tokens each continues by.
    static let greedyPrompts = 3, greedyTokens = 16

    /// Compares the next-token logits of the decoder run `trained` with its export's on the first `sample` texts,
    /// then the greedy continuations of the first `greedyPrompts`; prints both verdicts (and writes `--record`) and
    /// fails when either fails.
    func verifyLanguageModel(_ trained: TrainedRun) throws {
        try OutputFile.check(record, option: "--record")
        let batch = try prompts(trained)
        let run = try KernelMixLanguageModel(model: trained.model.encoder, adapters: trained.adapters, workers: threads.workers)
        let exported = try ExportedModel.languageModel(URL(fileURLWithPath: export, isDirectory: true), base: trained.model,
                                                       workers: threads.workers)
        let expected = Self.rows(run.logits(for: batch))
        let comparison = LogitComparison(expected: expected, found: Self.rows(exported.logits(for: batch)), tolerance: tolerance)
        print(comparison.verdict(examples: batch.tokenCount, rows: "tokens of \(batch.count) texts"))
        var differing: [Int] = [], lines = ""
        for index in 0..<batch.count {
            let rows = batch.offsets[index]..<(batch.offsets[index] + batch.lengths[index])
            let prompt = Array(batch.tokenIDs[rows])
            var line = "{\"input_ids\": [" + prompt.map(String.init).joined(separator: ", ") + "], \"logits\": ["
                + expected[rows].map { JSONLines.numbers($0[...]) }.joined(separator: ", ") + "]"
            if index < Self.greedyPrompts {
                let greedy = run.greedyContinuation(of: prompt, count: Self.greedyTokens)
                if greedy != exported.greedyContinuation(of: prompt, count: Self.greedyTokens) { differing.append(index + 1) }
                line += ", \"greedy\": [" + greedy.map(String.init).joined(separator: ", ") + "]"
            }
            lines += line + "}\n"
        }
        if let record {
            let sink = try OutputSink(path: record)
            try sink.write(lines)
            try sink.finish()
        }
        let prompts = min(Self.greedyPrompts, batch.count)
        print(differing.isEmpty
              ? "pass: the greedy continuations (\(Self.greedyTokens) tokens) of \(prompts) prompts agree"
              : "FAIL: the greedy continuations of prompts \(differing.map(String.init).joined(separator: ", ")) differ")
        if !comparison.passed || !differing.isEmpty { throw ExitCode.failure }
    }

    /// The texts to compare on, packed: `--input`'s lines; else, for a generation run, its evaluation sources
    /// prompted as it trains (`GenerationSequence`: the source's tokens); else built-in sentences.
    private func prompts(_ trained: TrainedRun) throws -> PackedBatch {
        let model = trained.model, limit = trained.configuration.maxLength
        if input == nil, let pairs = try trained.configuration.loadEvaluationPairs() {
            let sources = pairs.referencesBySource.prefix(sample).map(\.source)
            return PackedBatch(sequences: sources.map {
                Array(GenerationSequence.prompt($0, tokenizer: model.tokenizer).prefix(limit))
            })
        }
        let texts = Array(try input.map(InputLines.read) ?? Self.decoderTexts).prefix(sample)
        guard !texts.isEmpty else { throw CommandError("the input file \(input ?? "") has no texts to compare on") }
        return model.pack(Array(texts), maxLength: limit)
    }

    /// The rows of a `tokens x vocabulary` tensor.
    private static func rows(_ logits: Tensor) -> [[Float]] {
        let width = logits.shape[1]
        return (0..<logits.shape[0]).map { Array(logits.scalars[($0 * width)..<(($0 + 1) * width)]) }
    }
}
