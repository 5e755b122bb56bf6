import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// A spec `kmix experiment run` cannot carry out is one sentence naming its place, before any run starts (the
/// experiment's folder is not even made).
extension ExperimentCommandTests {
    /// Runs the experiment of a spec with `base` and `grid`; expects exit status `status` and one line on standard
    /// error that starts with `message`, with no folder made.
    func expectRefused(base: String = "max-steps = 3", grid: String, _ message: (String) -> String, status: Int32 = 1,
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let spec = try spec(base: base, grid: grid)
        let out = folder.appendingPathComponent("never")
        let result = try KMixBinary.run(["experiment", "run", spec, "--out", out.path])
        #expect(result.status == status, "\(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.split(separator: "\n").count == 1, "\(result.error)", sourceLocation: sourceLocation)
        #expect(result.error.hasPrefix("Error: " + message(spec)), "\(result.error)", sourceLocation: sourceLocation)
        #expect(result.output.isEmpty, "\(result.output)", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: out.path), sourceLocation: sourceLocation)
    }

    @Test func anUnknownOptionIsNamedWithItsLine() throws {
        try expectRefused(base: "max-step = 3", grid: "seed = [1]") {
            "\($0):8: [base] 'max-step' is not an option of kmix train; did you mean 'max-steps'?"
        }
        try expectRefused(grid: "seed = [1]\nlearning-rate = [0.1]") { "\($0):12: [grid] 'learning-rate' is not an option of kmix train" }
        try expectRefused(grid: "out = [\"x\"]") { "\($0):11: [grid] 'out' is decided by kmix experiment: each run's folder is DIR/runs/NAME" }
    }

    @Test func anEmptyGridIsRefused() throws {
        try expectRefused(grid: "seed = []") { "\($0):11: [grid] 'seed' is an empty list; give it at least one value" }
        try expectRefused(grid: "") { "\($0): the [grid] table is missing or empty; give it at least one option with a list of values" }
        try expectRefused(grid: "seed = 4") { "\($0):11: [grid] 'seed' is 4, not a list; write [4] or set it in [base]" }
    }

    @Test func aPlanForAnotherModelIsNamedWithItsLine() throws {
        let other = folder.appendingPathComponent("three-layers.json")
        try AdapterPlan(preset: .paperNLU, shape: .init(layerCount: 3, headCount: 2, hiddenSize: 8)).write(to: other)
        try expectRefused(grid: "plan = [\"paper-nlu\", \"three-layers.json\"]") {
            "\($0):11: [grid] plan = \"three-layers.json\": the plan \(other.path) is invalid at $.model.layers: the plan is for a "
                + "model with layers 3, but this model has 2"
        }
    }

    @Test func badAutoPlansAreRefusedBeforeAnyRun() throws {
        try expectRefused(grid: "plan = [\"paper-nlu\", \"auto:signal=loud,budget=1000\"]") {
            "\($0):11: [grid] plan = \"auto:signal=loud,budget=1000\": unknown signal 'loud'; the signals are uniform, "
                + "importance, sensitivity, entropy"
        }
        try expectRefused(grid: "plan = [\"auto:signal=uniform,budget=1\"]") {
            "\($0):11: [grid] plan = \"auto:signal=uniform,budget=1\": the budget 1 is below the "
        }
        try expectRefused(grid: "plan = [\"auto:signal=uniform,budget=99999999\"]") {
            "\($0):11: [grid] plan = \"auto:signal=uniform,budget=99999999\": the budget 99,999,999 is above the "
        }
        try expectRefused(grid: "plan = [\"auto:signl=uniform\"]") {
            "\($0):11: [grid] plan = \"auto:signl=uniform\": 'signl' is not a key of an auto: plan; did you mean 'signal'?"
        }
    }

    @Test func aValueKmixTrainRefusesIsNamedWithItsLine() throws {
        try expectRefused(grid: "lr = [1e-3, -1]") { "\($0):11: [grid] lr = -1: --lr must be a positive finite number, not -1.0" }
    }
}
