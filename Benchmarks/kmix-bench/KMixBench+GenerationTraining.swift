import Foundation
import KMix

/// The train-generation workload: `paper-nlg` training steps on E2E source/target batches in kmix and in the PyTorch
/// reference (the same batches, passed as token ids), then decoding E2E test sources with the adapters kmix trained
/// (or, with `--decode-adapters initial`, the ones it started from) folded in, by `TargetWriter` and by transformers'
/// `generate` on the same merged weights.
extension KMixBench {
    func runGenerationTraining() throws {
        let loaded = try generationModel()
        let c = loaded.configuration
        guard let endOfText = loaded.tokenizer.endOfTextID, c.family.isDecoder else {
            throw BenchError("train-generation needs a decoder with an end-of-text token; \(loaded.displayName) is not one")
        }
        guard steps >= 1 else { throw BenchError("train-generation times at least one step (--steps)") }
        let trainData = self.trainData ?? "Datasets/e2e/devset.csv", batchSize = self.batchSize ?? 8
        let pairs = try GenerationDataset.load(URL(fileURLWithPath: trainData), columns: .e2e, maxRows: maxRows)
        let maxLength = min(128, c.maxPositions)
        let encoded = try EncodedDataset(pairs, tokenizer: loaded.tokenizer, endOfText: endOfText, maxLength: maxLength)
        let plan = AdapterPlan(preset: .paperNLG, shape: AdapterPlan.ModelShape(c))
        let work = GenerationTrainWorkload(model: loaded, plan: plan, data: encoded, batchSize: batchSize,
                                           labelSmoothing: labelSmoothing, workers: threads)
        let result = try work.measure(steps: steps, warmup: warmup)
        print("model     \(loaded.folder.path): GPT-2, \(c.layerCount) layers, d \(c.hiddenSize), \(c.headCount) heads, "
              + "vocabulary \(c.vocabularySize), \(c.maxPositions) positions; paper-nlg plan, "
              + "\(result.adapters.store.count) adapter parameters")
        print("workload  train-generation: \(steps) training steps (after \(warmup) warm-up) of batch \(batchSize) from "
              + "the \(pairs.examples.count) pairs of \(trainData) (max length \(maxLength)), length-bucketed, "
              + "loss on target tokens, label smoothing \(labelSmoothing), dropout \(c.hiddenDropout) hidden, "
              + "\(c.attentionDropout) attention, \(plan.dropout) adapters, forward + backward + AdamW")
        print("batches   \(result.sentences) sequences, \(result.realTokens) tokens, \(result.targetTokens) of them targets")
        print("kmix      \(format(result.seconds, 3)) s  \(format(result.sentencesPerSecond, 1)) sequences/s  "
              + "\(format(result.tokensPerSecond, 0)) tokens/s  \(format(result.targetTokensPerSecond, 0)) target tokens/s  "
              + "peak RSS \(ProcessMemory.peakResidentMiB()) MiB  loss \(result.finalLoss)")
        let reference = self.reference()
        if let reference {
            let folder = temporaryFolder("kmix-bench-batches")
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let batches = folder.appendingPathComponent("batches.json")
            try JSONEncoder().encode(work.describedBatches(warmup + steps)).write(to: batches)
            let run = try reference.trainGeneration(model: loaded.folder.path, batches: batches.path, preset: "paper-nlg",
                                                    warmup: warmup, labelSmoothing: labelSmoothing, threads: threads)
            print("pytorch   \(format(run.seconds, 3)) s  \(format(run.tokensPerSecond, 0)) tokens/s  "
                  + "\(format(run.targetTokensPerSecond, 0)) target tokens/s  (same batches, \(format(run.paddingPercent, 0)) % "
                  + "padding, peak RSS \(format(run.peakRSS ?? 0, 0)) MiB, loss \(format(run.finalLoss ?? .nan, 4)), "
                  + "torch \(run.torchVersion))  kmix/pytorch \(format(result.tokensPerSecond / run.tokensPerSecond, 2))x")
            if run.realTokens != result.realTokens || run.targetTokens != result.targetTokens {
                throw BenchError("the reference counted \(run.realTokens) tokens (\(run.targetTokens ?? 0) targets), "
                                 + "kmix \(result.realTokens) (\(result.targetTokens))")
            }
        }
        guard sources > 0 else { return }
        let adapters = decodeAdapters == .trained ? result.adapters : work.initialAdapters()
        try runTargetWriting(loaded, adapters: adapters, reference: reference)
    }

    /// Decodes the first `sources` distinct sources of `data` with `adapters` folded in, in kmix and in transformers.
    private func runTargetWriting(_ loaded: PretrainedModel, adapters: AdapterSet, reference: PyTorchReference?) throws {
        let data = self.data ?? "Datasets/e2e/testset_w_refs.csv"
        let texts = try GenerationDataset.load(URL(fileURLWithPath: data), columns: .e2e).referencesBySource
            .prefix(sources).map(\.source)
        var settings = GenerationSettings.dataToText
        settings.maxNewTokens = maxNewTokens ?? settings.maxNewTokens
        let work = TargetWriteWorkload(model: loaded, adapters: adapters, sources: texts, settings: settings,
                                       batchSize: decodeBatchSize, workers: threads)
        let lengths = work.prompts.map(\.count)
        print("workload  decode: the first \(texts.count) distinct sources of \(data) (prompts of "
              + "\(lengths.min() ?? 0)-\(lengths.max() ?? 0) tokens with the separator), \(decodeBatchSize) per call, "
              + "beam \(settings.beams), length penalty \(settings.lengthPenalty), no repeated "
              + "\(settings.noRepeatNGramSize)-grams, early stopping, at most \(settings.maxNewTokens) new tokens; "
              + "the \(decodeAdapters == .trained ? "trained adapters" : "adapters as initialised (seed 42)") folded into "
              + "the weights, ids to ids")
        let mine = try work.measure()
        let ended = mine.outputs.filter { $0.last == loaded.tokenizer.endOfTextID }.count
        print("kmix      \(format(mine.seconds, 3)) s  \(format(mine.secondsPerSource, 3)) s/source  \(mine.tokens) tokens "
              + "(\(ended) of \(mine.outputs.count) ended with end-of-text)  TargetWriter, peak RSS "
              + "\(ProcessMemory.peakResidentMiB()) MiB")
        guard let reference else { return }
        let folder = temporaryFolder("kmix-bench-merged")
        defer { try? FileManager.default.removeItem(at: folder) }
        try work.writeReference(to: folder)
        let theirs = try reference.generate(model: folder.path, batchSize: decodeBatchSize, settings: settings,
                                            threads: threads)
        let same = zip(mine.outputs, theirs.outputs).filter { $0 == $1 }.count
        let perSource = theirs.seconds / Double(max(1, theirs.outputs.count))
        print("pytorch   \(format(theirs.seconds, 3)) s  \(format(perSource, 3)) s/source  \(theirs.realTokens) tokens  "
              + "(transformers generate, left-padded batches, torch \(theirs.torchVersion))  "
              + "kmix/pytorch \(format(theirs.seconds / mine.seconds, 2))x  same ids \(same)/\(mine.outputs.count)")
    }

    /// `--model`, or the random GPT-2 of `bench_models.py gpt2` in the temporary folder, made when absent.
    private func generationModel() throws -> PretrainedModel {
        if let model { return try PretrainedModel.load(model) }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-bench-gpt2-e2e")
        if !FileManager.default.fileExists(atPath: folder.appendingPathComponent("model.safetensors").path) {
            let reference = PyTorchReference(python: python)
            guard reference.isAvailable else {
                throw BenchError("train-generation makes its GPT-2 with \(python), torch and transformers; "
                                 + "or pass --model with a GPT-2 folder")
            }
            print("making    \(folder.path) (bench_models.py gpt2)")
            try reference.makeTextGPT2(folder: folder.path)
        }
        return try PretrainedModel.load(folder: folder)
    }

    /// A fresh folder name in the temporary directory.
    private func temporaryFolder(_ prefix: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    }
}
