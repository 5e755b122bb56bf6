import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix plan auto`: a plan under the budget from measured evidence, recorded with its provenance; bad settings are
/// one sentence before any work.
extension CLIErrorTests {
    /// The tiny model and training data, and the arguments of `kmix plan auto` on them (one worker).
    func planAutoArguments(in root: URL) throws -> [String] {
        let training = try TinyFolders.training(in: root, epochs: 1)
        let model = try #require(training.firstIndex(of: "--model")).advanced(by: 1)
        let train = try #require(training.firstIndex(of: "--train")).advanced(by: 1)
        return ["plan", "auto", "--model", training[model], "--train", training[train], "--threads", "1",
                "--probe-rows", "64", "--probe-steps", "6"]
    }

    @Test func planAutoAllocatesUnderTheBudgetDeterministicallyAndRecordsWhy() throws {
        let arguments = try planAutoArguments(in: folder.appendingPathComponent("auto"))
        let budget = AdapterPlan(preset: .paperNLU, shape: TinyModel.shape).adapterParameters.total
        var plans: [String] = []
        for name in ["a", "b"] {
            let out = folder.appendingPathComponent("\(name).json")
            let result = try KMixBinary.run(arguments + ["--budget-like", "paper-nlu", "--signal", "importance", "--seed", "3",
                                                         "--out", out.path])
            try #require(result.status == 0, "\(result.error)")
            #expect(result.output.hasPrefix("allocated "), "\(result.output)")
            plans.append(try String(contentsOf: out, encoding: .utf8))
        }
        #expect(plans[0] == plans[1], "the same seed gives the same plan")
        let plan = try AdapterPlan.decode(Data(plans[0].utf8), source: "a", for: TinyModel.shape)
        let total = plan.adapterParameters.total
        #expect(total <= budget && Double(total) >= 0.98 * Double(budget), "\(total) of \(budget)")
        #expect(plan.provenance?.signal == "importance" && plan.provenance?.budget == budget)
        #expect(plan.provenance?.probeRows == 64 && plan.provenance?.probeSteps == 6 && plan.provenance?.seed == 3)
        #expect(plan.provenance?.base == "paper-nlu")
    }

    @Test func planAutoRefusesWhatItCannotDoInOneSentence() throws {
        let arguments = try planAutoArguments(in: folder.appendingPathComponent("refused"))
        let out = folder.appendingPathComponent("never.json").path
        try expectRefusedOption(arguments + ["--budget", "100", "--budget-like", "lora-r8", "--signal", "uniform", "--out", out],
                                "give exactly one of --budget N and --budget-like PRESET")
        try expectRefusedOption(arguments + ["--budget", "1000", "--signal", "importnce", "--out", out],
                                "unknown signal 'importnce'; did you mean 'importance'?")
        try expectRefusedOption(arguments + ["--budget", "1000", "--signal", "loud", "--out", out],
                                "unknown signal 'loud'; the signals are uniform, importance, sensitivity, entropy")
        try expectRefusedOption(arguments + ["--budget", "1000", "--signal", "uniform", "--projections", "q,k", "--out", out],
                                "--projections lists 'k'; give some of q, v, o separated by commas")
        let minimum = AdapterPlan(preset: .paperNLU, shape: TinyModel.shape).layers.reduce(0) { total, layer in
            total + Projection.allCases.reduce(0) { $0 + 2 * 8 * layer.sharedRank($1) }
        }
        let low = try KMixBinary.run(arguments + ["--budget", "100", "--signal", "uniform", "--out", out])
        #expect(low.status != 0 && low.error == "Error: the budget 100 is below the \(minimum.grouped) parameters the minimum ranks "
                + "and the shared ranks already need; raise the budget or lower the minimum rank or the shared ranks\n", "\(low.error)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
