import Foundation
import KMix

/// Runs `Benchmarks/pytorch/reference.py` and reads its JSON result.
struct PyTorchReference {
    struct Run: Decodable {
        let seconds: Double
        let sentences: Int
        let realTokens: Int
        let paddedTokens: Int
        let torchVersion: String
        let peakRSS: Double?
        /// The tokens a generation run's loss covers (train-generation only).
        let targetTokens: Int?
        let finalLoss: Double?
        var tokensPerSecond: Double { Double(realTokens) / seconds }
        var targetTokensPerSecond: Double { Double(targetTokens ?? 0) / seconds }
        var paddingPercent: Double { 100 * Double(paddedTokens - realTokens) / Double(max(1, paddedTokens)) }

        enum CodingKeys: String, CodingKey {
            case seconds, sentences
            case realTokens = "real_tokens", paddedTokens = "padded_tokens", torchVersion = "torch"
            case peakRSS = "peak_rss_mib", targetTokens = "target_tokens", finalLoss = "final_loss"
        }
    }

    /// What `reference.py generate` reports.
    struct GenerateRun: Decodable {
        let seconds: Double
        let realTokens: Int
        let outputs: [[Int32]]
        let torchVersion: String
        var tokensPerSecond: Double { Double(realTokens) / seconds }

        enum CodingKeys: String, CodingKey {
            case seconds, outputs
            case realTokens = "real_tokens", torchVersion = "torch"
        }
    }

    let python: String

    /// The script, found relative to this source file's package.
    private var script: String { Self.pytorchFolder.appendingPathComponent("reference.py").path }

    /// `Benchmarks/pytorch`, found relative to this source file.
    private static var pytorchFolder: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("pytorch")
    }

    /// Whether the interpreter can import torch and transformers.
    var isAvailable: Bool {
        (try? run([python, "-c", "import torch, transformers"])) != nil
    }

    /// The embed workload through transformers.
    func embed(model: String, data: String, batchSize: Int, order: String, repeats: Int, threads: Int) throws -> Run {
        let output = try run([python, script, "embed", "--model", model, "--data", data,
                              "--batch-size", "\(batchSize)", "--order", order,
                              "--repeats", "\(repeats)", "--threads", "\(threads)"])
        return try decode(output, workload: "embed \(order)")
    }

    /// Training steps through the PyTorch Kernel-mix reference.
    func train(model: String, data: String, preset: String, batchSize: Int, steps: Int, order: String, threads: Int,
               maxRows: Int) throws -> Run {
        let output = try run([python, script, "train", "--model", model, "--data", data, "--preset", preset,
                              "--batch-size", "\(batchSize)", "--steps", "\(steps)", "--order", order,
                              "--threads", "\(threads)", "--seed", "42", "--max-rows", "\(maxRows)"])
        return try decode(output, workload: "train \(preset) \(order)")
    }

    /// Generation training steps through the PyTorch Kernel-mix reference, on the batches kmix-bench wrote to
    /// `batches` (token ids and target starts), the first `warmup` of them untimed.
    func trainGeneration(model: String, batches: String, preset: String, warmup: Int, labelSmoothing: Float,
                         threads: Int) throws -> Run {
        let output = try run([python, script, "train-generation", "--model", model, "--batches", batches,
                              "--preset", preset, "--warmup", "\(warmup)", "--label-smoothing", "\(labelSmoothing)",
                              "--threads", "\(threads)", "--seed", "42"])
        return try decode(output, workload: "train-generation \(preset)")
    }

    /// Writes `bench_models.py gpt2`'s random GPT-2 with a byte-level BPE tokenizer to `folder`.
    func makeTextGPT2(folder: String) throws {
        _ = try run([python, Self.pytorchFolder.appendingPathComponent("bench_models.py").path, "gpt2", "--out", folder])
    }

    /// Writes the generate workload's random GPT-2 and its prompts to `folder`.
    func makeGPT2(folder: String) throws {
        _ = try run([python, script, "make-gpt2", "--out", folder])
    }

    /// `model.generate` over the prompts of the model folder `model` with `settings` (its beam-search options apply
    /// when it has more than one beam; early stopping is `True` then).
    func generate(model: String, batchSize: Int, settings: GenerationSettings, threads: Int) throws -> GenerateRun {
        let output = try run([python, script, "generate", "--model", model, "--batch-size", "\(batchSize)",
                              "--beams", "\(settings.beams)", "--max-new-tokens", "\(settings.maxNewTokens)",
                              "--length-penalty", "\(settings.lengthPenalty)",
                              "--no-repeat-ngram-size", "\(settings.noRepeatNGramSize)", "--threads", "\(threads)"])
        return try decode(output, workload: "generate")
    }

    /// The run described by the last line of the reference's output.
    private func decode<Result: Decodable>(_ output: String, workload: String) throws -> Result {
        guard let line = output.split(separator: "\n").last,
              let run = try? JSONDecoder().decode(Result.self, from: Data(line.utf8)) else {
            throw BenchError("the PyTorch reference (\(workload)) did not end with a result line: "
                             + "\(output.split(separator: "\n").last ?? "no output")")
        }
        return run
    }

    private func run(_ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["HF_HUB_OFFLINE"] = "1"
        environment["TRANSFORMERS_VERBOSITY"] = "error"
        process.environment = environment
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        let errorText = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchError("the PyTorch reference failed: \(errorText.split(separator: "\n").last ?? "")")
        }
        return String(decoding: data, as: UTF8.self)
    }
}

/// A benchmark failure, one sentence.
struct BenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
