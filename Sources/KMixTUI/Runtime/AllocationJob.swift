import KMix

/// Auto-allocate's work, as `kmix plan auto` does it: the budget checked first, the first training rows read as a
/// run reads them (`RunStarter.stage`), the evidence measured (`HeadEvidence`), the budget allocated
/// (`BudgetAllocation`) and the provenance recorded.
enum AllocationJob {
    /// The action that ends `request` on `model`: the proposal, or why there is none in one sentence; `report`
    /// hears of the warm-up before it starts.
    static func run(_ request: AllocationRequest, model: PretrainedModel, report: (Action) -> Void) -> Action {
        let allocation = request.allocation, settings = request.settings
        do {
            try check(allocation)
            var run = RunRequest(plan: request.base, data: request.data)
            run.maxTrainRows = request.probeRows
            let staged = try RunStarter.stage(run, model: model)
            let rows = staged.train.count
            if settings.signal != .uniform {
                report(.allocationProgress("Auto-allocate: training the plan \(request.probeSteps) steps on \(rows) rows, "
                                           + "then measuring \(settings.signal.rawValue)…"))
            }
            let scores = try request.evidence.scores(model: model, train: staged.train, base: request.base,
                                                     projections: settings.projections)
            var plan = try allocation.plan(scores: scores)
            plan.provenance = request.provenance(data: staged.data.files.train, rows: rows)
            return .allocationFinished(AllocationProposal(plan: plan, budget: settings.budget, signal: settings.signal, rows: rows))
        } catch let error as AllocationError {
            return .allocationFailed(error.description)
        } catch {
            return .allocationFailed("\(error)")
        }
    }

    /// Throws what no evidence can change — no projection, ranks out of range, a budget below what the minimum ranks
    /// need or above what the maximum ranks can spend — found with even scores before any data is read.
    static func check(_ allocation: BudgetAllocation) throws(AllocationError) {
        do throws(AllocationError) {
            _ = try allocation.plan(scores: .uniform(allocation.base.shape))
        } catch {
            if case .cannotReach = error { return }
            throw error
        }
    }
}
