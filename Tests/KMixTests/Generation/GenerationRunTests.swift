import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// Generation runs through the trainer on the tiny GPT-2 fixture and E2E pairs: the run folder, exact resume,
/// dev perplexity and samples, and the refusals of bad data.
/// Serialized, and every pass on two workers. Alone, a resumed run's losses equal the uninterrupted run's bit for bit;
/// but OpenBLAS's thread count is one setting of the whole process (`ThreadPolicy.shareCores`), and another suite's
/// one-worker pass running at the same moment changes it, and with it the rounding of a sgemm here (seen in CI: one
/// step's loss one ulp apart). The resume tests therefore allow `Self.resumeTolerance`.
@Suite(.serialized) struct GenerationRunTests {
    /// A folder with `train.csv` (the first `rows` pairs of the shipped E2E dev set) and `dev.csv` (the 120 after: 15 sources).
    static func dataFolder(rows: Int = 96) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-gen-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let pairs = try GenerationDataset.load(ProjectFiles.e2e("devset.csv"), columns: .e2e).examples
        func csv(_ examples: ArraySlice<GenerationExample>) -> String {
            "mr,ref\n" + examples.map { "\"\($0.source)\",\"\($0.target.replacingOccurrences(of: "\"", with: "\"\""))\"\n" }
                .joined()
        }
        try csv(pairs.prefix(rows)).write(to: folder.appendingPathComponent("train.csv"), atomically: true, encoding: .utf8)
        try csv(pairs[rows..<(rows + 120)]).write(to: folder.appendingPathComponent("dev.csv"), atomically: true,
                                                 encoding: .utf8)
        return folder
    }

    /// A request to train `paper-nlg`'s shape (ranks of the tiny model) on `folder`'s pairs.
    static func request(_ folder: URL, model: PretrainedModel, steps: Int, smoothing: Float = 0.1) throws -> RunRequest {
        let data = DataSource(.files(train: folder.appendingPathComponent("train.csv").path,
                                     dev: folder.appendingPathComponent("dev.csv").path),
                              generationColumns: .e2e)
        var request = RunRequest(plan: try model.plan(preset: .paperNLG), data: data)
        request.maxSteps = steps
        request.batchSize = 8
        request.labelSmoothing = smoothing
        request.evaluateEvery = 6
        request.saveEvery = 6
        request.workers = 2
        request.decoding = GenerationSettings(maxNewTokens: 12, beams: 2, lengthPenalty: 0.9, noRepeatNGramSize: 4,
                                              earlyStopping: .finished)
        return request
    }

    /// Runs `setup` to the end; returns each step's loss and every event.
    static func train(_ setup: TrainingSetup) throws -> (losses: [Int: Float], events: [TrainingEvent]) {
        let trainer = Trainer(setup)
        trainer.start()
        try #require(trainer.waitUntilFinished() != nil, "the run failed: \(trainer.events.read(after: 0).events.last!)")
        let events = trainer.events.read(after: 0).events
        var losses: [Int: Float] = [:]
        for case let .step(report) in events { losses[report.step] = report.loss }
        return (losses, events)
    }

    /// The relative difference allowed between a resumed run's loss and the uninterrupted run's at the same step: a
    /// few ulps of float32, far below any difference a wrong resume (another batch, state or dropout mask) makes.
    static let resumeTolerance: Float = 1e-6

    /// Whether `a` and `b` agree within `resumeTolerance`.
    static func resumedLoss(_ a: Float, matches b: Float) -> Bool { abs(a - b) <= resumeTolerance * abs(b) }

    @Test func aRunTrainsTheTargetsAndResumes() throws {
        let data = try Self.dataFolder(), model = try FamilyModels.model("tiny-gpt2")
        defer { try? FileManager.default.removeItem(at: data) }
        let run = data.appendingPathComponent("run")
        let staged = try RunStarter.stage(try Self.request(data, model: model, steps: 18), model: model)
        #expect(staged.train.targetStarts != nil && staged.train.labelNames.isEmpty)
        let (setup, _) = try staged.create(run)
        let (uninterrupted, events) = try Self.train(setup)
        #expect(uninterrupted.count == 18)
        let evaluations = events.compactMap { if case let .evaluation(report) = $0 { report } else { nil } }
        #expect(evaluations.map(\.step) == [6, 12, 18])
        for report in evaluations {
            let perplexity = try #require(report.perplexity)
            #expect(abs(perplexity - exp(report.loss)) <= 1e-9 * perplexity && report.majority == nil)
        }
        let samples = events.compactMap { if case let .samples(report) = $0 { report } else { nil } }
        #expect(samples.map(\.step) == [6, 12, 18] && samples.allSatisfy { $0.samples.count == 4 })
        #expect(samples[0].samples.allSatisfy { !$0.references.isEmpty })
        let metrics = try String(contentsOf: run.appendingPathComponent("metrics.jsonl"), encoding: .utf8)
        #expect(metrics.components(separatedBy: "\"perplexity\"").count == 4)
        #expect(metrics.components(separatedBy: "\"event\": \"samples\"").count == 4)
        let configuration = try RunConfiguration.load(fromRun: run)
        #expect(configuration.isGeneration && configuration.labelSmoothing == 0.1 && configuration.decoding?.beams == 2)

        // Resuming from step 6 (the first checkpoint) gives every later loss.
        let checkpoints = CheckpointFolder(runFolder: run, runID: configuration.runID)
        #expect(checkpoints.steps() == [6, 12, 18])
        let checkpoint = try Checkpoint.load(from: checkpoints.folder(step: 6), model: model)
        let resumedSetup = TrainingSetup(model: model, plan: checkpoint.adapters.plan, train: staged.train,
                                         dev: staged.dev, parameters: configuration.parameters, runFolder: nil,
                                         resume: checkpoint)
        let (resumed, _) = try Self.train(resumedSetup)
        #expect(resumed.keys.sorted() == Array(7...18))
        for step in 7...18 {
            #expect(Self.resumedLoss(resumed[step]!, matches: uninterrupted[step]!), "step \(step)")
        }
    }

    @Test func kmixResumeContinuesAStoppedGenerationRun() throws {
        let data = try Self.dataFolder(), model = try FamilyModels.model("tiny-gpt2")
        defer { try? FileManager.default.removeItem(at: data) }
        let reference = data.appendingPathComponent("reference"), stopped = data.appendingPathComponent("stopped")
        let (whole, _) = try Self.train(try RunStarter.stage(try Self.request(data, model: model, steps: 12), model: model)
            .create(reference).setup)
        var (setup, _) = try RunStarter.stage(try Self.request(data, model: model, steps: 12), model: model).create(stopped)
        setup.lock = nil
        let trainer = Trainer(setup)
        trainer.start()
        var cursor = 0, stoppedAt = 0
        while stoppedAt == 0 {
            let read = trainer.events.read(after: cursor)
            cursor = read.cursor
            for case let .step(report) in read.events where report.step >= 4 && stoppedAt == 0 {
                trainer.stop()
                stoppedAt = report.step
            }
            Thread.sleep(forTimeInterval: 0.005)
        }
        trainer.waitUntilFinished()
        let (resumedSetup, step) = try RunStarter.resume(stopped)
        #expect(step >= 4 && step < 12 && !resumedSetup.samples.isEmpty)
        let (resumed, _) = try Self.train(resumedSetup)
        for later in (step + 1)...12 {
            #expect(Self.resumedLoss(resumed[later]!, matches: whole[later]!),
                    "step \(later) after \(step): \(resumed[later]!) \(whole[later]!)")
        }
    }

    @Test func aTrainedGenerationRunExportsToPEFTAndMergedWritingTheSameTargets() throws {
        let data = try Self.dataFolder(rows: 32), model = try FamilyModels.model("tiny-gpt2")
        defer { try? FileManager.default.removeItem(at: data) }
        let folder = data.appendingPathComponent("run")
        var request = try Self.request(data, model: model, steps: 8)
        request.optimizer.learningRate = 2e-2
        _ = try Self.train(try RunStarter.stage(request, model: model).create(folder).setup)
        let run = try TrainedRun.load(folder)
        #expect(run.adapters.labelCount == 0 && run.configuration.isGeneration)
        let peft = data.appendingPathComponent("peft"), merged = data.appendingPathComponent("merged")
        try AdapterExport.peft(run, to: peft)
        try AdapterExport.merged(run, to: merged)
        let sources = try #require(try run.configuration.loadEvaluationPairs()).referencesBySource.prefix(4).map(\.source)
        let end = try #require(model.tokenizer.endOfTextID)
        let batch = PackedBatch(sequences: sources.map { GenerationSequence.prompt($0, tokenizer: model.tokenizer) })
        let trained = try KernelMixLanguageModel(model: model.encoder, adapters: run.adapters, workers: 2)
        let settings = GenerationSettings(maxNewTokens: 10, beams: 3, lengthPenalty: 0.9, noRepeatNGramSize: 4,
                                          earlyStopping: .finished)
        let prompts = (0..<batch.count).map { Array(batch.tokenIDs[batch.offsets[$0]..<(batch.offsets[$0] + batch.lengths[$0])]) }
        let folded = Transformer(configuration: model.configuration, weights: model.encoder.weights.merging(run.adapters))
        let written = try Generator(folded, modelName: "run", workers: 2).generate(prompts, settings: settings)
        #expect(try TargetWriter(model: model, adapters: run.adapters, workers: 2).write(sources, settings: settings)
            == written.map { model.tokenizer.decode($0.tokens.filter { $0 != end }, skipSpecialTokens: true)
                .trimmingCharacters(in: .whitespacesAndNewlines) })
        for export in [peft, merged] {
            let exported = try ExportedModel.languageModel(export, base: model, workers: 2)
            let difference = FamilyModels.difference(trained.logits(for: batch).scalars, exported.logits(for: batch).scalars)
            #expect(difference < 1e-4, "\(export.lastPathComponent): \(difference)")
            let generated = try Generator(exported.model, modelName: "export", workers: 2).generate(prompts, settings: settings)
            #expect(generated.map(\.tokens) == written.map(\.tokens), "\(export.lastPathComponent)")
        }
    }

    @Test func labelSmoothingIsPartOfTheTrainedLoss() throws {
        let data = try Self.dataFolder(rows: 16), model = try FamilyModels.model("tiny-gpt2")
        defer { try? FileManager.default.removeItem(at: data) }
        func firstLoss(_ smoothing: Float) throws -> Float {
            var request = try Self.request(data, model: model, steps: 1, smoothing: smoothing)
            request.evaluateEvery = nil
            let staged = try RunStarter.stage(request, model: model)
            let setup = TrainingSetup(model: model, plan: staged.plan, train: staged.train, dev: nil,
                                      parameters: staged.configuration.parameters, runFolder: nil)
            return try Self.train(setup).losses[1]!
        }
        // The same batch and initialisation: only the loss differs (FamilyParityTests checks its value).
        let plain = try firstLoss(0), smoothed = try firstLoss(0.1)
        #expect(abs(smoothed - plain) > 1e-3, "plain \(plain), smoothed \(smoothed)")
    }

    @Test func badGenerationDataIsRefusedNamingTheFileAndLine() throws {
        let data = try Self.dataFolder(rows: 16), model = try FamilyModels.model("tiny-gpt2")
        defer { try? FileManager.default.removeItem(at: data) }
        let train = data.appendingPathComponent("train.csv")
        func refusal(_ request: RunRequest, _ model: PretrainedModel) -> String {
            do {
                _ = try RunStarter.stage(request, model: model)
                return "accepted"
            } catch {
                return "\(error)"
            }
        }
        var request = try Self.request(data, model: model, steps: 2)
        request.maxLength = 8
        #expect(refusal(request, model).contains("The source on line 2 of \(train.path) is"))
        #expect(refusal(request, model).contains("8-token limit"))

        request = try Self.request(data, model: model, steps: 2)
        request.data.generationColumns = GenerationDataset.Columns(source: "meaning", target: "ref")
        #expect(refusal(request, model).contains("has no column 'meaning' (columns: 'mr', 'ref')"))

        try "mr,ref\n\"name[A]\",\"A is nice.\"\n\"name[B]\",\"\"\n".write(to: train, atomically: true, encoding: .utf8)
        #expect(refusal(try Self.request(data, model: model, steps: 2), model).contains("Line 3 of \(train.path) has an empty 'ref'"))

        let encoder = try FamilyModels.model("tiny-roberta")
        try "mr,ref\n\"name[A]\",\"A is nice.\"\n".write(to: train, atomically: true, encoding: .utf8)
        var onEncoder = try Self.request(data, model: encoder, steps: 2)
        onEncoder.plan = try encoder.plan(preset: .paperNLG)
        #expect(refusal(onEncoder, encoder).contains("is an encoder and predicts no next token"))
    }
}
