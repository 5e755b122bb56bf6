import Foundation

/// A generation run scored the way the E2E challenge scores a system: one output per distinct source of a file of
/// source/target pairs, written with the run's decoding settings, against all the references of that source
/// (`GenerationMetrics`), with the target tokens' loss and perplexity beside them.
public struct GenerationEvaluation: Sendable {
    /// The distinct sources in order of first appearance, and their references.
    public let sources: [String]
    public let references: [[String]]
    /// What the run wrote for each source.
    public let outputs: [String]
    /// BLEU, NIST, ROUGE-L and CIDEr of the outputs.
    public let scores: GenerationScores
    /// The target tokens' mean cross-entropy over the pairs of the scored sources, and how many pairs those are.
    public let loss: Double
    public let pairs: Int
    /// `exp(loss)`.
    public let perplexity: Double
    /// How the outputs were decoded.
    public let settings: GenerationSettings
    /// Seconds spent decoding.
    public let decodingSeconds: Double
    /// The file the pairs came from, and the run's trainable parameters.
    public let file: String
    public let trainableParameters: Int

    /// Scores `run` on `pairs` (their first `maxSources` distinct sources when given), decoding with `settings`
    /// `batchSize` sources at a time; `progress` hears the sources written so far and their total.
    /// - Throws: the errors of encoding the pairs, decoding (`TargetWriter.WriteError`, `GenerationError`) and
    ///   scoring (`GenerationMetricsError`).
    public static func run(_ run: TrainedRun, on pairs: GenerationDataset, settings: GenerationSettings,
                           maxSources: Int? = nil, batchSize: Int = 16, workers: Int = ThreadPolicy.defaultWorkers,
                           progress: (Int, Int) -> Void = { _, _ in }) throws -> GenerationEvaluation {
        var grouped = pairs.referencesBySource
        if let maxSources { grouped = Array(grouped.prefix(maxSources)) }
        let kept = Set(grouped.map(\.source))
        let scored = GenerationDataset(examples: pairs.examples.filter { kept.contains($0.source) }, source: pairs.source)
        let encoded = try run.model.encode(.generation(scored), maxLength: run.configuration.maxLength)
        let model = try KernelMixLanguageModel(model: run.model.encoder, adapters: run.adapters, workers: workers)
        let report = try Evaluation.run(model, on: encoded, batchSize: 32, step: 0)
        let writer = try TargetWriter(model: run.model, adapters: run.adapters, workers: workers)
        let start = DispatchTime.now()
        var outputs: [String] = []
        for first in stride(from: 0, to: grouped.count, by: batchSize) {
            let sources = grouped[first..<min(first + batchSize, grouped.count)].map(\.source)
            outputs += try writer.write(sources, settings: settings, batchSize: batchSize)
            progress(outputs.count, grouped.count)
        }
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        let references = grouped.map(\.references)
        return GenerationEvaluation(
            sources: grouped.map(\.source), references: references, outputs: outputs,
            scores: try GenerationMetrics.score(outputs: outputs, references: references), loss: report.loss,
            pairs: scored.examples.count, perplexity: report.perplexity ?? exp(report.loss), settings: settings,
            decodingSeconds: seconds,
            file: pairs.source, trainableParameters: run.adapters.parameterCount)
    }

    /// Writes `NAME.outputs.txt` (one output per line, the E2E challenge's system-output format),
    /// `NAME.references.txt` (each source's references, one per line, a blank line between sources: its reference
    /// format), `NAME.jsonl` (source, output and references per line) and `NAME.scores.json` into `folder`, each
    /// to a temporary name and renamed; returns their paths.
    public func write(into folder: URL, name: String) throws -> [URL] {
        do { try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true) } catch {
            throw FileWriteError(path: folder.path, reason: FileErrorReason.of(error))
        }
        func line(_ text: String) -> String { text.replacingOccurrences(of: "\n", with: " ") }
        let files: [(String, String)] = [
            ("outputs.txt", outputs.map { line($0) + "\n" }.joined()),
            ("references.txt", references.map { $0.map { line($0) + "\n" }.joined() }.joined(separator: "\n")),
            ("jsonl", zip(sources, zip(outputs, references)).map { source, pair in
                "{\"source\": \(JSONText.string(source)), \"output\": \(JSONText.string(pair.0)), \"references\": ["
                    + pair.1.map(JSONText.string).joined(separator: ", ") + "]}\n"
            }.joined()),
            ("scores.json", scoresJSON),
        ]
        return try files.map { suffix, text in
            let url = folder.appendingPathComponent("\(name).\(suffix)")
            try AtomicFile.replace(url, with: Array(text.utf8))
            return url
        }
    }

    /// The scores, the loss and how they were made, as JSON.
    var scoresJSON: String {
        let decoding = "{\"beams\": \(settings.beams), \"length_penalty\": \(settings.lengthPenalty), "
            + "\"no_repeat_ngram_size\": \(settings.noRepeatNGramSize), \"max_new_tokens\": \(settings.maxNewTokens), "
            + "\"early_stopping\": \"\(settings.earlyStopping.rawValue)\"}"
        let fields: [(String, String)] = [
            ("file", JSONText.string(file)), ("sources", "\(sources.count)"),
            ("references", "\(references.reduce(0) { $0 + $1.count })"), ("bleu", "\(scores.bleu)"),
            ("nist", "\(scores.nist)"), ("rouge_l", "\(scores.rougeL)"), ("cider", "\(scores.cider)"),
            ("meteor", "null"), ("target_loss", "\(loss)"), ("perplexity", perplexity.isFinite ? "\(perplexity)" : "null"),
            ("decoding", decoding), ("decoding_seconds", "\(decodingSeconds)"),
            ("trainable_parameters", "\(trainableParameters)"),
            ("scored_as", JSONText.string("e2e-metrics measure_scores.py: BLEU and NIST by mteval-v13a, ROUGE-L and "
                                          + "CIDEr by pycocoevalcap (docs/generation.md, Scores); METEOR is not computed")),
        ]
        return "{\n" + fields.map { "  \"\($0.0)\": \($0.1)" }.joined(separator: ",\n") + "\n}\n"
    }
}
