import Dispatch
import Foundation

/// The training loop of one run, executed on the trainer's queue.
struct TrainingLoop {
    /// What to do before the next step.
    enum Control {
        case stop
        case proceed(evaluate: Bool, save: Bool, pausedSeconds: Double)
    }

    let setup: TrainingSetup
    let publish: (TrainingEvent) -> Void
    /// The control before the step after `step`; while it waits (paused) it may call `serve` to evaluate
    /// and/or save at once.
    let controls: (_ step: Int, _ serve: (_ evaluate: Bool, _ save: Bool) throws -> Void) throws -> Control

    func run() throws -> TrainingSummary {
        let parameters = setup.parameters, train = setup.train
        let configuration = setup.model.configuration
        // A resumed run continues with the checkpoint's plan: a run that reallocates has moved on from its first one.
        var adapters = AdapterSet(plan: setup.resume?.adapters.plan ?? setup.plan, labelCount: train.labelNames.count,
                                  pooler: setup.model.encoder.weights.poolerWeight.map {
                                      ($0, setup.model.encoder.weights.poolerBias!)
                                  })
        var generator = SeededGenerator(seed: parameters.seed)
        adapters.initialize(using: &generator)
        let objective = try Self.objective(for: setup, adapters: adapters)
        var optimizer = AdamW(settings: parameters.optimizer, store: adapters.store)
        var tracker = setup.tracksSensitivity || parameters.reallocation != nil
            ? SensitivityTracker(count: adapters.store.count) : nil
        if let resume = setup.resume {
            precondition(resume.adapters.store.count == adapters.store.count, "the checkpoint does not fit the plan")
            objective.adapters.store.values = resume.adapters.store.values
            optimizer = resume.optimizer
            if tracker != nil { tracker = resume.sensitivity ?? tracker }
        }
        let totalSteps = parameters.totalSteps(examples: train.count)
        let schedule = LearningRateSchedule(peak: parameters.optimizer.learningRate, totalSteps: totalSteps,
                                            warmupFraction: parameters.optimizer.warmupFraction)
        let batches = BatchSchedule(lengths: train.lengths, batchSize: parameters.batchSize, seed: parameters.seed,
                                    bucketBatches: parameters.bucketBatches)
        let writer = try setup.runFolder.map { try RunWriter(folder: $0, resumeStep: setup.resume?.step) }
        let checkpoints = setup.runFolder.flatMap { folder in setup.checkpoints.map { (CheckpointFolder(runFolder: folder, runID: $0.runID), $0) } }
        checkpoints?.0.removeLeftovers()
        let stepsPerEpoch = Double(train.count.dividedRoundingUp(by: parameters.batchSize))
        publish(.started(TrainingStart(totalSteps: totalSteps, epochs: parameters.epochCount(examples: train.count),
                                       batchSize: parameters.batchSize, examples: train.count,
                                       trainableParameters: adapters.parameterCount, labelNames: train.labelNames,
                                       devExamples: setup.dev?.count ?? 0)))

        var step = setup.resume?.step ?? 0, stopped = false, pausedSeconds = 0.0
        var gradient: [Float] = []
        var epoch = setup.resume?.epoch ?? 0, position = setup.resume?.position ?? 0
        var accuracy: (step: Int, value: Double)?
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 - pausedSeconds }
        func evaluate() throws -> EvaluationReport? {
            guard let dev = setup.dev else { return nil }
            let report = try objective.evaluate(dev, batchSize: parameters.batchSize, step: step)
            publish(.evaluation(report))
            try writer?.record(.evaluation(report))
            accuracy = (step, report.accuracy)
            if let samples = try Self.samples(of: setup, adapters: objective.adapters, step: step) {
                publish(.samples(samples))
                try writer?.record(.samples(samples))
            }
            return report
        }
        func save() throws {
            guard let writer else { return }
            let path = try writer.saveAdapters(objective.adapters, step: step)
            guard let (folder, options) = checkpoints else {
                publish(.saved(step: step, path: path, checkpoint: nil))
                return
            }
            let description = CheckpointDescription(
                baseModel: setup.model.folder.path, baseModelHash: setup.model.baseModelHash, task: options.task,
                labelValues: options.labelValues, labelNames: train.labelNames, parameters: parameters)
            let checkpoint = Checkpoint(step: step, epoch: epoch, position: position, seed: parameters.seed,
                                        workers: parameters.workers,
                                        devAccuracy: accuracy.flatMap { $0.step == step ? $0.value : nil },
                                        adapters: objective.adapters, optimizer: optimizer, description: description,
                                        sensitivity: parameters.reallocation == nil ? nil : tracker, runID: options.runID)
            let saved = try folder.write(checkpoint)
            try folder.prune(keepLast: options.keepLast, keepBest: options.keepBest)
            publish(.saved(step: step, path: path, checkpoint: saved.path))
        }

        let firstEpoch = epoch
        training: for currentEpoch in firstEpoch..<max(firstEpoch, parameters.epochCount(examples: train.count)) {
            for (index, indices) in batches.trainingBatches(epoch: currentEpoch).enumerated() {
                if currentEpoch == firstEpoch && index < position { continue }
                epoch = currentEpoch
                position = index
                let control = try controls(step) { evaluateNow, saveNow in
                    if evaluateNow { _ = try evaluate() }
                    if saveNow { try save() }
                }
                switch control {
                case .stop:
                    stopped = true
                    break training
                case let .proceed(evaluateNow, saveNow, paused):
                    pausedSeconds += paused
                    if evaluateNow { _ = try evaluate() }
                    if saveNow { try save() }
                }
                let labeled = train.batch(indices)
                let batch = labeled.batch
                let dropout = DropoutSource(hiddenRate: configuration.hiddenDropout,
                                            attentionRate: configuration.attentionDropout,
                                            adapterRate: setup.plan.dropout,
                                            generator: Self.dropoutGenerator(seed: parameters.seed, step: step))
                let stepStart = DispatchTime.now()
                let loss = objective.lossAndGradient(labeled, of: train, dropout: dropout, into: &gradient)
                guard loss.isFinite else {
                    throw TrainingFailure(step: step + 1, reason: "the loss became \(loss) "
                        + "(learning rate \(schedule.rate(at: step))); lower the learning rate")
                }
                tracker?.update(values: objective.adapters.store.values, gradient: gradient)
                let norm = GradientClipping.clip(&gradient, maxNorm: parameters.optimizer.clipNorm)
                guard norm.isFinite else {
                    throw TrainingFailure(step: step + 1, reason: "the gradient norm became \(norm) at loss \(loss); "
                        + "lower the learning rate")
                }
                let rate = schedule.rate(at: step)
                optimizer.update(&objective.adapters.store.values, gradient: gradient, learningRate: rate)
                if let index = objective.adapters.store.values.firstIndex(where: { !$0.isFinite }) {
                    throw TrainingFailure(step: step + 1, reason: "the update made \(objective.adapters.store.entryName(at: index)) "
                        + "\(objective.adapters.store.values[index]) (learning rate \(rate), weight decay "
                        + "\(parameters.optimizer.weightDecay)); lower them")
                }
                step += 1
                position = index + 1
                let seconds = max(1e-9, Double(DispatchTime.now().uptimeNanoseconds - stepStart.uptimeNanoseconds) / 1e9)
                let report = StepReport(step: step, totalSteps: totalSteps, epoch: Double(step) / stepsPerEpoch,
                                        loss: loss, learningRate: rate, gradientNorm: norm,
                                        sentencesPerSecond: Double(batch.count) / seconds,
                                        tokensPerSecond: Double(batch.tokenCount) / seconds, elapsed: elapsed(),
                                        peakResidentMiB: ProcessMemory.peakResidentMiB())
                publish(.step(report))
                try writer?.record(.step(report))
                if step % max(1, parameters.headNormsEvery) == 0 || step == totalSteps {
                    let norms = objective.adapters.headNorms(step: step)
                    publish(.headNorms(norms))
                    try writer?.record(.headNorms(norms))
                }
                if let reallocation = parameters.reallocation, reallocation.isDue(after: step), step < totalSteps,
                   let current = tracker {
                    let proposal: (AdapterPlan, RankCarryOver)
                    do { proposal = try reallocation.propose(objective.adapters, tracker: current) } catch {
                        throw TrainingFailure(step: step, reason: "the reallocation failed: \(error)")
                    }
                    let before = objective.adapters.plan
                    var generator = Self.reallocationGenerator(seed: parameters.seed, step: step)
                    let moved = Reallocation.apply(proposal.0, carryOver: proposal.1, to: objective.adapters,
                                                   optimizer: optimizer, tracker: current, generator: &generator)
                    objective.adapters = moved.0
                    optimizer = moved.1
                    tracker = moved.2
                    let report = ReallocationReport(step: step, plan: proposal.0, movedRanks: proposal.0.movedRanks(from: before))
                    publish(.reallocated(report))
                    try writer?.record(.reallocated(report))
                    try writer?.replacePlan(proposal.0, initial: setup.plan)
                }
                if let every = parameters.evaluateEvery, step % every == 0, step < totalSteps { _ = try evaluate() }
                if let every = checkpoints?.1.every, step % every == 0, step < totalSteps { try save() }
                if step >= totalSteps { break training }
            }
        }
        let final = try evaluate()
        try save()
        return TrainingSummary(steps: step, seconds: elapsed(), stopped: stopped, finalEvaluation: final,
                               adapters: objective.adapters, sensitivity: tracker)
    }

    /// The classifier, or for continuations the language model, that trains `adapters` on `setup`'s model.
    private static func objective(for setup: TrainingSetup, adapters: AdapterSet) throws -> any TrainingObjective {
        let workers = setup.parameters.workers
        guard setup.train.targetStarts != nil else {
            return try KernelMixClassifier(encoder: setup.model.encoder, adapters: adapters, workers: workers)
        }
        let model = try KernelMixLanguageModel(model: setup.model.encoder, adapters: adapters, workers: workers)
        return LanguageModelObjective(model, labelSmoothing: setup.parameters.labelSmoothing)
    }

    /// What a generation run writes for its sample sources with `adapters` (nil: no samples to write).
    private static func samples(of setup: TrainingSetup, adapters: AdapterSet, step: Int) throws -> SampleReport? {
        guard !setup.samples.isEmpty, let decoding = setup.decoding else { return nil }
        let writer = try TargetWriter(model: setup.model, adapters: adapters, workers: setup.parameters.workers)
        let outputs = try writer.write(setup.samples.map(\.source), settings: decoding)
        return SampleReport(step: step, samples: zip(setup.samples, outputs).map {
            SampleReport.Sample(source: $0.0.source, output: $0.1, references: $0.0.references)
        })
    }

    /// The generator of a reallocation's new ranks after step `step`: from the seed and the step alone, so that a
    /// resumed run draws the same values.
    static func reallocationGenerator(seed: UInt64, step: Int) -> SeededGenerator {
        SeededGenerator(seed: seed ^ (UInt64(step + 1) &* 0xD1B5_4A32_D192_ED03) ^ 0x5EA1_10CA_7E00_0001)
    }

    /// The dropout generator of step `step`: derived from the seed and the step
    /// alone, so that a resumed run draws the same masks.
    static func dropoutGenerator(seed: UInt64, step: Int) -> SeededGenerator {
        SeededGenerator(seed: seed ^ (UInt64(step + 1) &* 0x9E37_79B9_7F4A_7C15))
    }
}
