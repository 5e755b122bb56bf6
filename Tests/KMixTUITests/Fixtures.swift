import Foundation
@testable import KMix
@testable import KMixTUI

/// A small MiniLM-shaped state, so that tests need no model files.
enum Fixtures {
    static let shape = AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384)
    static let modelParameters = 22_713_216

    static func state() -> AppState {
        AppState(modelName: "all-MiniLM-L6-v2", modelParameters: modelParameters,
                 plan: AdapterPlan(preset: .paperNLU, shape: shape), data: sst2(in: "data/sst2"))
    }

    /// SST-2 found in `folder`.
    static func sst2(in folder: String, shipped: Bool = false) -> DataChoice {
        DataChoice(source: DataSource(.task(.sst2, folder: nil)),
                   located: LocatedData(train: folder + "/train.tsv", dev: folder + "/dev.tsv", evaluation: nil, place: folder,
                                        isShippedSample: shipped))
    }

    /// SST-2 not found, for `reason`.
    static func missingData(_ reason: String = "The sst2 data is in none of the folders searched.") -> DataChoice {
        DataChoice(source: DataSource(.task(.sst2, folder: nil)), located: nil, problem: reason)
    }

    static func step(_ step: Int, loss: Float, total: Int = 100) -> TrainingEvent {
        .step(StepReport(step: step, totalSteps: total, epoch: Double(step) / Double(total), loss: loss,
                         learningRate: 2e-4, gradientNorm: 1, sentencesPerSecond: 50, tokensPerSecond: 1200,
                         elapsed: Double(step) * 0.5))
    }

    static func norms(step: Int, scale: Float) -> TrainingEvent {
        let grid = (0..<6).map { l in (0..<12).map { h in scale * Float((l * 12 + h) % 7 + 1) / 10 } }
        return .headNorms(HeadNorms(step: step, query: grid, value: grid, output: grid))
    }

    /// Probe statistics that vary by layer and head.
    static func statistics() -> HeadStatistics {
        func grid(_ scale: Float) -> [[Float]] {
            (0..<6).map { (layer: Int) -> [Float] in
                (0..<12).map { (head: Int) -> Float in
                    let step: Int = (layer * 5 + head * 3) % 11 + 1
                    return scale * Float(step)
                }
            }
        }
        return HeadStatistics(entropy: grid(0.2), distance: grid(0.5), importance: grid(0.003), sentences: 256)
    }

    /// A state part way through a run: 60 steps of falling loss, three evaluations, head norms.
    static func trainingState() -> AppState {
        var state = state()
        state.screen = .training
        state.training.status = .running
        for step in 1...60 {
            let decay: Double = 0.7 * exp(-Double(step) / 30)
            let noise: Double = 0.01 * Double(step % 5)
            let loss = Float(decay + noise)
            _ = reduce(&state, .trainingEvent(Fixtures.step(step, loss: loss)))
        }
        for (index, step) in [20, 40, 60].enumerated() {
            _ = reduce(&state, .trainingEvent(.evaluation(EvaluationReport(step: step, accuracy: 0.6 + 0.1 * Double(index),
                                                                              loss: 0.5, examples: 872))))
        }
        for step in [10, 20, 30, 40, 50, 60] { _ = reduce(&state, .trainingEvent(norms(step: step, scale: Float(step) / 60))) }
        state.cursor = HeadPosition(layer: 2, head: 5)
        state.message = nil
        return state
    }

    /// The runs screen over three runs (two compared), as read from `exp/runs`.
    static func runsState() -> AppState {
        var state = state()
        func run(_ name: String, plan: String, parameters: Int, seed: UInt64, steps: Int, of total: Int, status: RunStatus,
                 accuracies: [Double]) -> RunSummary {
            let loss = (1...steps).map { CurvePoint(x: Double($0), y: 0.7 * exp(-Double($0) / Double(total)) + 0.01 * Double($0 % 3)) }
            let accuracy = accuracies.enumerated().map { CurvePoint(x: Double(($0.offset + 1) * 20), y: $0.element) }
            return RunSummary(path: "exp/runs/" + name, name: name, plan: plan, parameters: parameters, seed: seed, step: steps,
                              totalSteps: total, status: status, loss: loss, accuracy: accuracy)
        }
        let runs = [run("paper-nlu-s42", plan: "paper-nlu", parameters: 152_064, seed: 42, steps: 60, of: 60, status: .finished,
                        accuracies: [0.71, 0.78, 0.81]),
                    run("lora-qvo-r11-s42", plan: "lora-qvo-r11", parameters: 152_064, seed: 42, steps: 60, of: 60,
                        status: .finished, accuracies: [0.69, 0.79, 0.80]),
                    run("auto-importance-s42", plan: "auto importance", parameters: 151_872, seed: 42, steps: 25, of: 60,
                        status: .stopped, accuracies: [0.74])]
        _ = reduce(&state, .showRuns(folder: "exp"))
        _ = reduce(&state, .runsRead(RunListing(folder: "exp", location: "exp/runs", runs: runs)))
        _ = reduce(&state, .toggleRunSelection)
        _ = reduce(&state, .move(layers: 1, heads: 0))
        _ = reduce(&state, .move(layers: 1, heads: 0))
        _ = reduce(&state, .toggleRunSelection)
        state.message = nil
        return state
    }
}
