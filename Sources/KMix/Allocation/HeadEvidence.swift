import Foundation

/// Measures the evidence an `AllocationSignal` allocates by, on the first rows of a task's training data.
///
/// Every signal but `uniform` first trains the base plan, with every head's rank at least 1 on the allocated
/// projections (so that every head has adapters to measure), for `probeSteps` steps on the first `probeRows`
/// rows — a warm-up, so that the task head is not random and the adapters have felt the task — then measures:
/// the head probe's importance or entropy on those rows, or the sensitivity tracked during the warm-up. The
/// warm-up is deterministic for a seed and a worker count.
public struct HeadEvidence: Sendable {
    public var signal: AllocationSignal
    /// Training rows read (the first ones of the file).
    public var probeRows = 512
    /// Warm-up steps before measuring.
    public var probeSteps = 50
    public var seed: UInt64 = 42
    public var batchSize = TrainingDefaults.batchSize
    public var learningRate = TrainingDefaults.learningRate
    public var workers = ThreadPolicy.defaultWorkers

    public init(signal: AllocationSignal) {
        self.signal = signal
    }

    /// Each head's score for `signal`, measured on `train` (already cut to `probeRows`) with `model`, starting from
    /// `base` with per-head ranks on `projections`.
    public func scores(model: PretrainedModel, train: EncodedDataset, base: AdapterPlan,
                       projections: [Projection]) throws -> HeadScores {
        guard signal != .uniform else { return .uniform(base.shape) }
        let summary = try warmUp(model: model, train: train, plan: Self.warmUpPlan(base, projections: projections))
        switch signal {
        case .sensitivity:
            return summary.sensitivity?.headScores(summary.adapters).layerNormalized() ?? .uniform(base.shape)
        case .importance, .entropy:
            let classifier = try KernelMixClassifier(encoder: model.encoder, adapters: summary.adapters, workers: workers)
            let statistics = HeadProbe.run(classifier, on: train, batchSize: batchSize,
                                           batchLimit: max(1, train.count.dividedRoundingUp(by: batchSize)))
            let table = signal == .importance ? statistics.layerNormalizedImportance : statistics.entropy.map { $0.map { exp(-$0) } }
            return HeadScores(perHead: table.map { $0.map(Double.init) })
        case .uniform:
            return .uniform(base.shape)
        }
    }

    /// `base` with every head's rank at least 1 on `projections`.
    static func warmUpPlan(_ base: AdapterPlan, projections: [Projection]) -> AdapterPlan {
        var plan = base
        for layer in plan.layers.indices {
            for projection in projections { plan.layers[layer].heads[projection] = plan.layers[layer].ranks(projection).map { max($0, 1) } }
        }
        return plan
    }

    /// `probeSteps` steps of `plan` on `train`, with the sensitivity tracked.
    private func warmUp(model: PretrainedModel, train: EncodedDataset, plan: AdapterPlan) throws -> TrainingSummary {
        let epochs = try RunLength.epochs(nil, maxSteps: probeSteps, examples: train.count, batchSize: batchSize)
        let parameters = TrainingParameters(epochs: epochs, maxSteps: probeSteps, batchSize: batchSize,
                                            optimizer: OptimizerSettings(learningRate: learningRate), seed: seed,
                                            headNormsEvery: Int.max, workers: workers)
        var setup = TrainingSetup(model: model, plan: plan, train: train, dev: nil, parameters: parameters, runFolder: nil)
        setup.tracksSensitivity = true
        return try TrainingLoop(setup: setup, publish: { _ in },
                                controls: { _, _ in .proceed(evaluate: false, save: false, pausedSeconds: 0) }).run()
    }
}
