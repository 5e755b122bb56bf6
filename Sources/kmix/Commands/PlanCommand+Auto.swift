import ArgumentParser
import Foundation
import KMix
import KMixOptions

extension PlanCommand {
    /// `kmix plan auto`: per-head ranks allocated under a budget by measured evidence.
    struct Auto: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Allocate per-head ranks under a parameter budget by evidence measured on task data.",
            discussion: """
            The budget counts every adapter parameter, shared terms included. The base plan (--base, else the \
            --budget-like preset, else paper-nlu) gives the shared ranks, the other settings and the split of the \
            per-head budget among Q, V and O; the signal decides which heads get rank within each projection \
            (D'Hondt's rule, docs/allocation.md). Every signal but uniform first trains the base plan for \
            --probe-steps steps on the first --probe-rows training rows, then measures. The plan records its \
            provenance.
            """)

        @OptionGroup var modelOption: ModelOption
        @OptionGroup var dataOptions: DataOptions

        @Option(help: "Adapter parameters to spend in all.")
        var budget: Int?

        @Option(name: .customLong("budget-like"), help: ArgumentHelp("Spend what this preset spends (and start from it).",
                                                                     valueName: "PRESET"))
        var budgetLike: String?

        @Option(help: ArgumentHelp("The plan to start from: a preset or a plan file (default: the --budget-like preset, else paper-nlu).",
                                   valueName: "PRESET|FILE"))
        var base: String?

        @Option(help: ArgumentHelp("The evidence: uniform, importance, sensitivity or entropy.", valueName: "SIGNAL"))
        var signal: String

        @Option(help: ArgumentHelp("The projections that get per-head ranks.", valueName: "q,v,o"))
        var projections = "q,v,o"

        @Option(name: .customLong("min-rank"), help: "Every allocated head's rank is at least this.")
        var minRank = 0

        @Option(name: .customLong("max-rank"), help: "Every allocated head's rank is at most this (default: the head size).")
        var maxRank: Int?

        @Option(name: .customLong("probe-rows"), help: "Training rows the evidence is measured on.")
        var probeRows = 512

        @Option(name: .customLong("probe-steps"), help: "Warm-up steps of the base plan before measuring.")
        var probeSteps = 50

        @Option(help: "Seed of the warm-up.")
        var seed: UInt64 = 42

        @OptionGroup var threads: ThreadsOption

        @Option(help: ArgumentHelp("The plan file to write.", valueName: "PLAN.json"))
        var out: String

        @Flag(help: "Replace an existing file.")
        var force = false

        func validate() throws {
            if (budget == nil) == (budgetLike == nil) { throw ValidationError("give exactly one of --budget N and --budget-like PRESET") }
            if let budget, budget < 1 { throw ValidationError("--budget must be at least 1") }
            if let budgetLike { _ = try PresetArgument.parse(budgetLike) }
            guard AllocationSignal(rawValue: signal) != nil else {
                let names = AllocationSignal.allCases.map(\.rawValue)
                throw ValidationError("unknown signal '\(signal)'" + (ClosestName.suggestion(for: signal, among: names)
                    ?? "; the signals are " + names.joined(separator: ", ")))
            }
            _ = try allocatedProjections()
            if minRank < 0 { throw ValidationError("--min-rank must not be negative") }
            if let maxRank, maxRank < minRank { throw ValidationError("--max-rank \(maxRank) is below --min-rank \(minRank)") }
            if probeRows < 1 { throw ValidationError("--probe-rows must be at least 1") }
            if probeSteps < 1 { throw ValidationError("--probe-steps must be at least 1") }
        }

        /// `--projections` as projections, in Q, V, O order.
        func allocatedProjections() throws -> [Projection] {
            let names = projections.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            var chosen: [Projection] = []
            for name in names {
                guard let projection = Projection(rawValue: name) else {
                    throw ValidationError("--projections lists '\(name)'; give some of q, v, o separated by commas")
                }
                chosen.append(projection)
            }
            guard !chosen.isEmpty else { throw ValidationError("--projections is empty; give some of q, v, o") }
            return Projection.allCases.filter(chosen.contains)
        }

        func run() throws {
            try OutputFile.check(out, option: "--out")
            guard force || !FileManager.default.fileExists(atPath: out) else {
                throw CommandError("\(out) already exists; pass --force to replace it")
            }
            let model = try PretrainedModel.load(modelOption.model)
            let (plan, budget, rows) = try allocate(model: model)
            print(Self.summary(plan, budget: budget, signal: AllocationSignal(rawValue: signal)!, rows: rows))
            try PlanCommand.emit(plan, model: model, to: out, force: force)
        }

        /// The allocation the options ask for on `model`, and the name of its base plan: the base plan (a preset, else
        /// a plan file), the budget, the projections and the rank bounds.
        func allocation(model: PretrainedModel) throws -> (allocation: BudgetAllocation, baseName: String) {
            let baseName = base ?? budgetLike ?? TrainingDefaults.preset.name
            let basePlan = AdapterPlan.Preset(name: baseName) == nil
                ? try AdapterPlan.load(from: URL(fileURLWithPath: baseName), for: AdapterPlan.ModelShape(model.configuration))
                : try PlanCommand.preset(baseName, model: model)
            let target = try budget ?? PlanCommand.preset(budgetLike!, model: model).adapterParameters.total
            let allocation = BudgetAllocation(budget: target, base: basePlan, projections: try allocatedProjections(),
                                              minRank: minRank, maxRank: maxRank)
            return (allocation, baseName)
        }

        /// The plan the options allocate on `model`, with its provenance, its budget and the training rows the evidence
        /// was measured on: the one allocation `kmix plan auto` and `kmix experiment run`'s `auto:` plans make.
        func allocate(model: PretrainedModel) throws -> (plan: AdapterPlan, budget: Int, rows: Int) {
            let (allocation, baseName) = try self.allocation(model: model)
            let signal = AllocationSignal(rawValue: self.signal)!
            var evidence = HeadEvidence(signal: signal)
            evidence.probeRows = probeRows
            evidence.probeSteps = probeSteps
            evidence.seed = seed
            evidence.workers = threads.workers
            var request = RunRequest(plan: allocation.base, data: try dataOptions.requireSource())
            request.maxTrainRows = probeRows
            let staged = try RunStarter.stage(request, model: model)
            let scores = try evidence.scores(model: model, train: staged.train, base: allocation.base,
                                             projections: allocation.projections)
            var plan = try allocation.plan(scores: scores)
            var provenance = AdapterPlan.Provenance(signal: signal.rawValue, budget: allocation.budget)
            provenance.base = baseName
            provenance.projections = allocation.projections.map(\.rawValue).joined(separator: ",")
            provenance.minRank = minRank
            provenance.maxRank = maxRank ?? allocation.base.shape.headSize
            provenance.data = staged.data.files.train
            provenance.probeRows = staged.train.count
            provenance.probeSteps = signal == .uniform ? nil : probeSteps
            provenance.seed = signal == .uniform ? nil : seed
            plan.provenance = provenance
            return (plan, allocation.budget, staged.train.count)
        }

        /// The plan's count against the budget (the per-layer split follows in the plan's report).
        static func summary(_ plan: AdapterPlan, budget: Int, signal: AllocationSignal, rows: Int) -> String {
            let total = plan.adapterParameters.total
            return "allocated \(total.grouped) of \(budget.grouped) parameters ("
                + String(format: "%.2f %%", 100 * Double(total) / Double(budget)) + ") by \(signal.rawValue) on \(rows) rows"
        }
    }
}
