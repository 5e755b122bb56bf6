import ArgumentParser
import Foundation
import KMix

/// `kmix experiment`: grids of `kmix train` runs from a spec file, resumable, and a report that compares them.
struct ExperimentCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "experiment",
        abstract: "Run a grid of training runs from a spec file and compare them (docs/experiments.md).",
        subcommands: [Run.self, Report.self]
    )

    /// `kmix experiment run SPEC --out DIR`.
    struct Run: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Train every point of a spec's grid, each an ordinary run folder under DIR/runs; run again to continue.",
            discussion: """
            SPEC is TOML: [base] sets kmix train options by their long names for every run, [grid] gives lists of \
            values whose cross product is the runs (plan takes presets, plan files and auto: specs such as \
            auto:signal=importance,budget-like=paper-nlu). Every run is checked before the first starts. A run whose \
            newest checkpoint is at its last step is skipped, one with an earlier checkpoint resumes from it, and one \
            without a checkpoint starts again. Ctrl-C stops the current run after its step (it saves) and exits with \
            status 130. DIR/experiment.json records the resolved spec for kmix experiment report.
            """)

        @Argument(help: ArgumentHelp("The experiment spec (TOML).", valueName: "SPEC"))
        var spec: String

        @Option(help: ArgumentHelp("The experiment's folder: runs/, plans/ and experiment.json.", valueName: "DIR"))
        var out: String

        func run() throws {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: out, isDirectory: &isFolder), !isFolder.boolValue {
                throw CommandError("--out \(out) is a file; give a folder path")
            }
            let folder = URL(fileURLWithPath: out, isDirectory: true).standardizedFileURL
            let spec = try ExperimentSpec.load(self.spec)
            let (points, models) = try ExperimentCheck(spec: spec, out: folder).prepare()
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try ExperimentRunner(spec: spec, out: folder, points: points, models: models).run()
        }
    }

    /// `kmix experiment report DIR`.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Compare an experiment's runs: dev accuracy by group, and paired differences against a baseline.",
            discussion: """
            Runs are grouped by everything but their seed. Each group gets n (its finished runs), the mean and sample \
            standard deviation of their final dev accuracy, their adapter parameters and training time. With \
            --baseline, every other group gets the mean of its paired differences (group minus baseline, over the \
            seeds both finished) with the 95 % t interval: mean ± t(0.975, n−1)·sd/√n, none under two pairs. Runs not \
            finished are listed as such and left out.
            """)

        @Argument(help: ArgumentHelp("The experiment's folder (the --out of kmix experiment run).", valueName: "DIR"))
        var folder: String

        @Option(help: "md (tables), csv (one row per group) or json.")
        var format: ReportFormat = .md

        @Option(help: ArgumentHelp("The group the others are compared with, as the report names it.", valueName: "NAME"))
        var baseline: String?

        func run() throws {
            let url = URL(fileURLWithPath: folder, isDirectory: true)
            let manifest = try ExperimentManifest.load(from: url)
            if let baseline, !manifest.points.contains(where: { $0.group == baseline }) {
                let names = manifest.points.map(\.group).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
                throw ValidationError("no group is called '\(baseline)'" + (ClosestName.suggestion(for: baseline, among: names)
                    ?? "; the groups are \(names.joined(separator: ", "))"))
            }
            var reader = RunProgressReader()
            let runs = try manifest.points.map { point in
                ExperimentReport.Run(point: point, outcome: try RunOutcome.read(url.appendingPathComponent(point.runFolder),
                                                                              reader: &reader))
            }
            let report = ExperimentReport(runs: runs, baseline: baseline)
            print(ReportWriter(report: report, folder: folder).text(format), terminator: "")
        }
    }
}

/// The formats of `kmix experiment report`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case md, csv, json
}
