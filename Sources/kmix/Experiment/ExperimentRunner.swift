import ArgumentParser
import Foundation
import KMix

/// Runs an experiment's checked points one after another, each an ordinary run folder `DIR/runs/NAME` started
/// through `RunStarter` as `kmix train` starts it. A run whose newest checkpoint is at its last step is skipped, a
/// run with an earlier checkpoint is resumed from it, and a folder without a checkpoint is started again, so that
/// running the experiment again continues it. Ctrl-C stops the current run (it saves) and starts no other.
struct ExperimentRunner {
    /// Runs write a checkpoint every this many steps (and on Ctrl-C and at their end); only the newest is kept.
    static let saveEvery = 50

    let spec: ExperimentSpec
    let out: URL
    let points: [PreparedPoint]
    /// The models the points train, by `--model` (nil: the default).
    let models: [String?: PretrainedModel]

    /// Writes `experiment.json` and trains every point not finished yet.
    /// - Throws: `ExitCode` 130 when Ctrl-C stopped it; `CommandError` naming the run that failed.
    func run() throws {
        var reader = RunProgressReader()
        let progress = try points.map { try reader.progress(of: folder($0)) }
        try refuseChangedRuns(progress)
        try ExperimentManifest(spec: URL(fileURLWithPath: spec.file).standardizedFileURL.path, points: points.map(\.entry))
            .write(into: out)
        let stop = StopRequest()
        let interrupt = InterruptHandler { stop.request() }
        defer { interrupt.cancel() }
        let finished = progress.map { if case .complete = $0 { true } else { false } }
        let clock = ExperimentClock(total: points.count, done: finished.filter { $0 }.count)
        for (index, item) in points.enumerated() {
            let prefix = "[\(index + 1)/\(points.count)] "
            if case let .complete(steps) = progress[index] {
                say(prefix + "\(item.point.name): finished at step \(steps) already; skipped")
                continue
            }
            guard !stop.isRequested else { throw stopped(interrupt) }
            let setup: TrainingSetup
            do {
                guard let started = try self.setup(item, progress: progress[index], prefix: prefix, stop: stop) else { throw stopped(interrupt) }
                setup = started
            } catch let error as ExitCode {
                throw error
            } catch {
                throw CommandError("\(item.point.name): \(ExperimentCheck.message(error))")
            }
            clock.begin(fromStep: setup.resume?.step ?? 0, runsAfter: finished[(index + 1)...].filter { !$0 }.count)
            let printer = ProgressPrinter(maxSteps: setup.parameters.maxSteps, prefix: prefix, status: clock.status)
            let trainer = Trainer(setup)
            stop.attach(trainer)
            defer { stop.detach() }
            do {
                if try TrainerDriver.run(trainer, show: printer.show) { throw stopped(interrupt) }
            } catch let error as ExitCode {
                throw error
            } catch {
                throw CommandError("\(item.point.name): \(error)")
            }
            clock.end()
        }
        say("all \(points.count) runs of \(out.path) are finished; kmix experiment report \(out.path) compares them")
    }

    /// The setup that trains `item` from where its folder is (`progress`), or nil when Ctrl-C came while it was made.
    private func setup(_ item: PreparedPoint, progress: RunProgress, prefix: String, stop: StopRequest) throws -> TrainingSetup? {
        let folder = folder(item), name = item.point.name
        switch progress {
        case let .partial(step, total):
            say(prefix + "\(name): resuming from step \(step) of \(total)")
            return try RunStarter.resume(folder).setup
        case .unsaved:
            say(prefix + "\(name): starting again (its folder has no checkpoint)")
        case .absent, .complete:
            say(prefix + "\(name): starting")
        }
        let model = models[item.command.modelOption.model]!
        if let auto = item.auto, !FileManager.default.fileExists(atPath: item.autoFile.path) {
            let (plan, budget, rows) = try auto.allocate(model: model)
            try plan.write(to: item.autoFile)
            let signal = AllocationSignal(rawValue: auto.signal)!
            say(prefix + PlanCommand.Auto.summary(plan, budget: budget, signal: signal, rows: rows) + ": plans/\(item.autoFile.lastPathComponent)")
        }
        let staged = try item.command.stage(model: model)
        say(prefix + TrainCommand.dataLine(staged.data, task: item.command.dataOptions.source?.task))
        return stop.isRequested ? nil : try staged.create(folder, overwrite: true).setup
    }

    /// Refuses to go on with a run that an earlier `experiment.json` in the folder records with other settings than
    /// the spec now gives (the folder name says only the grid's values).
    private func refuseChangedRuns(_ progress: [RunProgress]) throws {
        guard FileManager.default.fileExists(atPath: out.appendingPathComponent(ExperimentManifest.fileName).path) else { return }
        let earlier = Dictionary(try ExperimentManifest.load(from: out).points.map { ($0.name, $0.options) }) { $1 }
        for (item, state) in zip(points, progress) where state != .absent {
            guard let options = earlier[item.entry.name], options != item.entry.options else { continue }
            let now = item.entry.options
            let changed = Set(options.keys).union(now.keys).sorted().first { options[$0] != now[$0] }!
            throw CommandError("\(folder(item).path) was trained with \(changed) \(options[changed] ?? "not set"), but \(spec.file) "
                + "now gives \(now[changed] ?? "none"); choose another --out, or delete that run folder to train it again")
        }
    }

    /// The run folder of `item`.
    private func folder(_ item: PreparedPoint) -> URL {
        out.appendingPathComponent("runs", isDirectory: true).appendingPathComponent(item.point.name, isDirectory: true)
    }

    /// The exit of a stopped experiment, after saying how to go on.
    private func stopped(_ interrupt: InterruptHandler) -> ExitCode {
        say("stopped; the runs so far are saved: run the same command again to continue")
        return ExitCode(interrupt.exitStatus)
    }

    private func say(_ line: String) { StandardOutput.writeReporting(line + "\n") }
}
