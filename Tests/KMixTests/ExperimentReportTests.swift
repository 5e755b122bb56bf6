import Foundation
import Testing
@testable import KMix

/// The statistics of `kmix experiment report`: t quantiles, sample summaries and the paired comparison of groups,
/// against numbers worked out by hand (and published t tables).
@Suite struct ExperimentReportTests {
    @Test func tQuantilesMatchTheTables() {
        // Two-sided 95 % factors t(0.975, ν) from any t table.
        let table: [(Int, Double)] = [(1, 12.7062), (2, 4.3027), (4, 2.7764), (7, 2.3646), (9, 2.2622), (30, 2.0423)]
        for (degrees, expected) in table {
            #expect(abs(StudentT.quantile(0.975, degreesOfFreedom: degrees) - expected) < 1e-4, "ν = \(degrees)")
        }
        #expect(abs(StudentT.quantile(0.025, degreesOfFreedom: 4) + 2.7764) < 1e-4, "the lower tail by symmetry")
        #expect(StudentT.quantile(0.5, degreesOfFreedom: 3) == 0)
    }

    @Test func sampleSummaryUsesNMinusOne() throws {
        let summary = SampleSummary([2, 4, 4, 4, 5, 5, 7, 9])
        #expect(summary.count == 8 && summary.mean == 5)
        // Squared deviations sum to 32; 32 / 7.
        #expect(abs(try #require(summary.standardDeviation) - (32.0 / 7).squareRoot()) < 1e-12)
        #expect(SampleSummary([0.5]).standardDeviation == nil && SampleSummary([0.5]).tInterval() == nil)
        #expect(SampleSummary([]).mean == nil)
    }

    /// Baseline seeds 1–3 at 80, 82, 81 %; the other plan at 83, 84, 82 % and a fourth seed the baseline lacks; a
    /// third group with a run that is not finished.
    func report() -> ExperimentReport {
        func run(_ group: String, seed: UInt64, accuracy: Double?, parameters: Int = 100, seconds: Double = 10,
                 progress: RunProgress = .complete(steps: 3)) -> ExperimentReport.Run {
            let point = ExperimentManifest.Point(name: "\(group)_seed-\(seed)", group: group, plan: group, seed: seed,
                                                 options: [:], arguments: [])
            return ExperimentReport.Run(point: point, outcome: RunOutcome(progress: progress, adapterParameters: parameters,
                                                                          devAccuracy: accuracy, seconds: seconds))
        }
        return ExperimentReport(runs: [
            run("base", seed: 1, accuracy: 0.80, seconds: 10), run("base", seed: 2, accuracy: 0.82, seconds: 14),
            run("base", seed: 3, accuracy: 0.81, seconds: 12),
            run("other", seed: 1, accuracy: 0.83, parameters: 50), run("other", seed: 2, accuracy: 0.84, parameters: 50),
            run("other", seed: 3, accuracy: 0.82, parameters: 50), run("other", seed: 4, accuracy: 0.99, parameters: 50),
            run("late", seed: 1, accuracy: 0.70), run("late", seed: 2, accuracy: nil, progress: .partial(step: 1, total: 3)),
        ], baseline: "base")
    }

    @Test func groupsSummariseTheirFinishedRuns() throws {
        let report = report()
        #expect(report.groups.map(\.name) == ["base", "other", "late"])
        let base = report.groups[0]
        #expect(base.runs == 3 && base.accuracy.count == 3)
        #expect(abs(try #require(base.accuracy.mean) - 0.81) < 1e-12)
        #expect(abs(try #require(base.accuracy.standardDeviation) - 0.01) < 1e-12)
        #expect(base.adapterParameters == 100 && base.seconds == 12)
        let late = report.groups[2]
        #expect(late.runs == 2 && late.accuracy.count == 1 && late.accuracy.mean == 0.70, "the unfinished run is left out")
    }

    @Test func pairedDifferenceHasTheTIntervalOverCommonSeeds() throws {
        let report = report()
        #expect(report.differences.map(\.group) == ["other", "late"])
        let other = report.differences[0]
        #expect(other.seeds == [1, 2, 3], "seed 4 has no baseline run")
        // Differences 0.03, 0.02, 0.01: mean 0.02, sd 0.01; t(0.975, 2) = 4.302653; half width 4.302653 · 0.01 / √3.
        #expect(abs(try #require(other.differences.mean) - 0.02) < 1e-12)
        #expect(abs(try #require(other.differences.standardDeviation) - 0.01) < 1e-12)
        let interval = try #require(other.interval)
        let half = 4.302_652_729_749_464 * 0.01 / 3.0.squareRoot()
        #expect(abs(interval.t - 4.302_652_729_749_464) < 1e-9)
        #expect(abs(interval.low - (0.02 - half)) < 1e-9 && abs(interval.high - (0.02 + half)) < 1e-9)
        #expect(abs(interval.low - -0.004_841_4) < 1e-6 && abs(interval.high - 0.044_841_4) < 1e-6)
        let late = report.differences[1]
        #expect(late.seeds == [1] && late.interval == nil, "one pair has no interval")
        #expect(ExperimentReport(runs: report.runs, baseline: nil).differences.isEmpty)
    }
}
