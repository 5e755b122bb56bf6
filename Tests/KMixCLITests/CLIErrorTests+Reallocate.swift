import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// `kmix train --reallocate every=N,until=M`: ranks move during the run; bad settings are refused by name.
extension CLIErrorTests {
    @Test func reallocateSettingsAreCheckedBeforeAnyWork() throws {
        let base = ["train", "--task", "sst2", "--out", folder.appendingPathComponent("never").path, "--reallocate"]
        try expectRefusedOption(base + ["every=0,until=5"], "--reallocate every=0: every must be a whole number of at least 1")
        try expectRefusedOption(base + ["every=5"], "--reallocate needs every=N and until=M (reallocate after every N steps up to step M)")
        try expectRefusedOption(base + ["every=5,until=9,often=2"],
                                "--reallocate has no setting 'often'; the settings are every, until, min, max and signal")
        try expectRefusedOption(base + ["every=5,until=9,signal=entropy"],
                                "--reallocate signal=entropy: ranks move by sensitivity only (signal=sensitivity)")
        try expectRefusedOption(base + ["every=5,until=9,min=3,max=2"], "--reallocate max=2 is below min=3")
        try expectRefusedOption(base + ["every"], "--reallocate takes key=value pairs separated by commas (every=N,until=M), not 'every'")
    }

    @Test func aReallocatingRunKeepsItsFirstPlanBesideItsLast() throws {
        var arguments = try TinyFolders.training(in: folder.appendingPathComponent("moving"), epochs: 1)
        let plan = try #require(arguments.firstIndex(of: "--plan"))
        arguments.replaceSubrange(plan...(plan + 1), with: ["--preset", "uniform-2"])
        let run = folder.appendingPathComponent("moving-run")
        let result = try KMixBinary.run(arguments + ["--max-steps", "20", "--reallocate", "every=5,until=15", "--out", run.path])
        try #require(result.status == 0, "\(result.error)")
        #expect(result.output.split(separator: "\n").filter { $0.hasPrefix("reallocated at step ") }.count == 3, "\(result.output)")
        let initial = try AdapterPlan.load(from: run.appendingPathComponent("plan.initial.json"), for: TinyModel.shape)
        let final = try AdapterPlan.load(from: run.appendingPathComponent("plan.json"), for: TinyModel.shape)
        #expect(initial == AdapterPlan(preset: .uniform(rank: 2), shape: TinyModel.shape))
        #expect(final.adapterParameters == initial.adapterParameters)
        let configuration = try RunConfiguration.load(fromRun: run)
        #expect(configuration.reallocation == Reallocation(every: 5, until: 15))
    }
}
