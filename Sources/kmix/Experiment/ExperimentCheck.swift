import ArgumentParser
import Foundation
import KMix

/// A point that passed every check, ready to run.
struct PreparedPoint {
    let point: ExperimentPoint
    /// Its `kmix train`, parsed and validated as `kmix train` does it (with the runner's `--out` and checkpoints).
    let command: TrainCommand
    /// For an `auto:` plan, its `kmix plan auto`, parsed and validated, writing `autoFile`.
    let auto: PlanCommand.Auto?
    let autoFile: URL
    /// What `experiment.json` records of it.
    let entry: ExperimentManifest.Point
}

/// Checks a whole spec before any run starts: every point's arguments as `kmix train` parses and validates them,
/// every `auto:` plan's as `kmix plan auto` does, every model, every plan against its model, every data set and each
/// run's length. The first problem is one sentence naming its place (`spec.toml:7: [grid] lr = -1: …`, or the run).
struct ExperimentCheck {
    let spec: ExperimentSpec
    /// The experiment's folder.
    let out: URL

    /// The points, checked, and the models they train (by `--model`, nil for the default).
    func prepare() throws -> (points: [PreparedPoint], models: [String?: PretrainedModel]) {
        let points = try spec.points().map(prepare)
        var models: [String?: PretrainedModel] = [:], plans: [String: AdapterPlan] = [:], rows: [String: Int] = [:]
        for item in points {
            let reference = item.command.modelOption.model
            if models[reference] == nil {
                do { models[reference] = try PretrainedModel.load(reference) } catch {
                    throw CommandError("\(place(of: "model", in: item.point)): \(Self.message(error))")
                }
            }
            let model = models[reference]!
            let plan = try checkedPlan(item, model: model, cache: &plans)
            let data = item.command.dataOptions
            let key = [data.task, data.data, data.train, data.dev, data.textColumn, data.pairColumn, data.labelColumn,
                       data.devTextColumn, data.maxTrainRows.map(String.init)].map { $0 ?? "-" }.joined(separator: "\u{1}")
            do {
                if rows[key] == nil { rows[key] = try data.load().train.count }
                try item.command.check(model: model, plan: plan, trainingRows: rows[key]!)
            } catch {
                throw CommandError("\(spec.file), run \(item.point.name): \(Self.message(error))")
            }
        }
        return (points, models)
    }

    /// `point` with its commands parsed.
    private func prepare(_ point: ExperimentPoint) throws -> PreparedPoint {
        let autoFile = point.autoFile(in: out)
        let arguments = point.trainArguments(folder: spec.folder, autoFile: autoFile)
        let runner = ["--out=\(out.appendingPathComponent("runs").appendingPathComponent(point.name).path)",
                      "--save-every=\(ExperimentRunner.saveEvery)", "--keep-last=1"]
        let command: TrainCommand
        do { command = try TrainCommand.parse(arguments + runner) } catch {
            let message = TrainCommand.message(for: error)
            throw CommandError("\(refusedPlace(point, message: message, runner: runner, autoFile: autoFile)): \(message)")
        }
        var auto: PlanCommand.Auto?
        if let autoArguments = point.autoArguments(folder: spec.folder, seed: command.seed, out: autoFile) {
            do { auto = try PlanCommand.Auto.parse(autoArguments) } catch {
                throw CommandError("\(place(of: "plan", in: point)): \(PlanCommand.Auto.message(for: error))")
            }
        }
        let entry = ExperimentManifest.Point(
            name: point.name, group: point.group, plan: point.planText, seed: command.seed,
            options: Dictionary(uniqueKeysWithValues: point.settings.map { ($0.setting.name, $0.value.text) }), arguments: arguments)
        return PreparedPoint(point: point, command: command, auto: auto, autoFile: autoFile, entry: entry)
    }

    /// The plan `item` trains, checked against `model`: a preset's ranks, a plan file read for the model, an `auto:`
    /// plan's settings and budget (allocated evenly: the evidence is measured when the run starts).
    private func checkedPlan(_ item: PreparedPoint, model: PretrainedModel, cache: inout [String: AdapterPlan]) throws -> AdapterPlan {
        let key = (item.auto.map { _ in item.autoFile.path } ?? item.point.planText) + "\u{1}" + model.folder.path
        if let plan = cache[key] { return plan }
        let plan: AdapterPlan
        do {
            if let auto = item.auto {
                plan = try auto.allocation(model: model).allocation.plan(scores: .uniform(AdapterPlan.ModelShape(model.configuration)))
            } else {
                plan = try item.command.adapterPlan(for: model)
            }
        } catch {
            throw CommandError("\(place(of: "plan", in: item.point)): \(Self.message(error))")
        }
        cache[key] = plan
        return plan
    }

    /// Where a refusal of `point`'s arguments comes from: `[base]` alone, `[base]` and one grid value, or the point.
    private func refusedPlace(_ point: ExperimentPoint, message: String, runner: [String], autoFile: URL) -> String {
        func refuses(_ settings: [(setting: ExperimentSpec.Setting, value: TOMLLite.Value)]) -> Bool {
            do {
                _ = try TrainCommand.parse(point.trainArguments(of: settings, folder: spec.folder, autoFile: autoFile) + runner)
                return false
            } catch {
                return TrainCommand.message(for: error) == message
            }
        }
        let base = point.settings.filter { !$0.setting.inGrid }
        if refuses(base) {
            return base.first { refuses([$0]) }.map { $0.setting.place($0.value, file: spec.file) } ?? "\(spec.file), [base]"
        }
        for setting in point.settings where setting.setting.inGrid && refuses(base + [setting]) {
            return setting.setting.place(setting.value, file: spec.file)
        }
        return "\(spec.file), run \(point.name)"
    }

    /// Where `point` sets `option`, else the spec (a default, such as the default model).
    private func place(of option: String, in point: ExperimentPoint) -> String {
        point.value(of: option).map { $0.setting.place($0.value, file: spec.file) } ?? spec.file
    }

    /// An error as one sentence: a usage error's message, else its description.
    static func message(_ error: any Error) -> String {
        (error as? ValidationError)?.message ?? "\(error)"
    }
}
