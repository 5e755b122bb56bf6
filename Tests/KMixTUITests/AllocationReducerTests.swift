import Testing
@testable import KMix
@testable import KMixTUI

/// Auto-allocate: the dialog, the request, the proposal shown against the current plan, applying it and undoing.
@Suite struct AllocationReducerTests {
    /// A proposal for the fixture's plan: `budget` spread evenly by the engine's allocation (the uniform signal).
    static func proposal(for plan: AdapterPlan, budget: Int) throws -> AllocationProposal {
        let allocation = BudgetAllocation(budget: budget, base: plan, projections: Projection.allCases, minRank: 0,
                                          maxRank: plan.shape.headSize)
        return AllocationProposal(plan: try allocation.plan(scores: .uniform(plan.shape)), budget: budget, signal: .uniform,
                                  rows: 256)
    }

    @Test func theDialogAsksForTheEngineAllocationOfItsSettings() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestAutoAllocate)
        guard case var .dialog(dialog)? = state.overlay, dialog.kind == .autoAllocate else {
            Issue.record("no auto-allocate dialog")
            return
        }
        #expect(dialog.value(.budget) == String(state.plan.adapterParameters.total), "the current plan's count by default")
        #expect(dialog.value(.signal) == "importance" && dialog.value(.projections) == "q,v,o")
        dialog.setValue("100,000", of: .budget)
        dialog.setValue("Sensitivity", of: .signal)
        dialog.setValue("q, v", of: .projections)
        dialog.setValue("8", of: .maxRank)
        state.overlay = .dialog(dialog)
        let effects = reduce(&state, .dialogSubmit)
        guard case let .allocate(request)? = effects.first else { Issue.record("no allocation asked for: \(effects)"); return }
        #expect(request.settings == AllocationSettings(budget: 100_000, signal: .sensitivity, projections: [.query, .value],
                                                       minRank: 0, maxRank: 8))
        #expect(request.base == Fixtures.state().plan && request.baseName == "paper-nlu")
        #expect(request.allocation == BudgetAllocation(budget: 100_000, base: request.base, projections: [.query, .value],
                                                       minRank: 0, maxRank: 8))
        #expect(request.probeRows == HeadEvidence(signal: .sensitivity).probeRows)
        #expect(state.allocation.isRunning && state.overlay == nil)
        #expect(reduce(&state, .requestAutoAllocate).isEmpty && state.message?.kind == .error, "one allocation at a time")
        #expect(reduce(&state, .requestTraining).isEmpty && state.message?.text == "Train after auto-allocate: it is using the model")
    }

    @Test func badSettingsAreRefusedByField() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestAutoAllocate)
        guard case var .dialog(dialog)? = state.overlay else { Issue.record("no dialog"); return }
        dialog.setValue("impotance", of: .signal)
        state.overlay = .dialog(dialog)
        #expect(reduce(&state, .dialogSubmit).isEmpty)
        guard case let .dialog(refused)? = state.overlay else { Issue.record("the dialog closed"); return }
        #expect(refused.error?.hasPrefix("Unknown signal 'impotance'") == true, "\(refused.error ?? "")")
        dialog.setValue("importance", of: .signal)
        dialog.setValue("q,k", of: .projections)
        state.overlay = .dialog(dialog)
        #expect(reduce(&state, .dialogSubmit).isEmpty && !state.allocation.isRunning)
        guard case let .dialog(again)? = state.overlay else { Issue.record("the dialog closed"); return }
        #expect(again.error == "Projections are some of q, v, o, separated by commas.")
    }

    @Test func itIsRefusedWhileTrainingOrWithoutData() {
        var state = Fixtures.state()
        state.training.status = .running
        _ = reduce(&state, .requestAutoAllocate)
        #expect(state.overlay == nil && state.message?.text == "Auto-allocate after training: the run is using the model")
        state = Fixtures.state()
        state.data = Fixtures.missingData()
        #expect(reduce(&state, .autoAllocate(AllocationSettings(for: state.plan))).isEmpty)
        #expect(state.message?.kind == .error && !state.allocation.isRunning)
    }

    @Test func theProposalIsShownAsADifferenceThenAppliedAndUndone() throws {
        var state = Fixtures.state()
        let before = state.plan
        let budget = before.adapterParameters.total / 2
        _ = reduce(&state, .autoAllocate(AllocationSettings(for: before, signal: .uniform)))
        let proposal = try Self.proposal(for: before, budget: budget)
        _ = reduce(&state, .allocationFinished(proposal))
        #expect(!state.allocation.isRunning && state.allocation.proposal == proposal)
        #expect(state.plan == before, "a proposal changes nothing until applied")
        let changes = proposal.rankChanges(from: before, on: .query)
        #expect(changes.count == 6 && changes.allSatisfy { $0.count == 12 })
        #expect(changes[2][5] == proposal.plan.layers[2].ranks(.query)[5] - before.layers[2].ranks(.query)[5])
        #expect(changes.joined().contains { $0 < 0 }, "half the budget takes ranks away")
        guard let apply = KeyMap.standard.action(for: .enter, in: state), case .applyProposal = apply else {
            Issue.record("Enter does not apply the proposal")
            return
        }
        _ = reduce(&state, apply)
        #expect(state.plan == proposal.plan && state.allocation.proposal == nil)
        #expect(state.plan.adapterParameters.total <= budget)
        #expect(state.message?.text.hasSuffix("u brings back the plan before") == true, "\(state.message?.text ?? "")")
        _ = reduce(&state, .undo)
        #expect(state.plan == before)
        _ = reduce(&state, .redo)
        #expect(state.plan == proposal.plan)
    }

    @Test func escDiscardsTheProposal() throws {
        var state = Fixtures.state()
        let before = state.plan
        _ = reduce(&state, .allocationFinished(try Self.proposal(for: before, budget: 60_000)))
        guard let discard = KeyMap.standard.action(for: .escape, in: state), case .discardProposal = discard else {
            Issue.record("Esc does not discard the proposal")
            return
        }
        _ = reduce(&state, discard)
        #expect(state.allocation.proposal == nil && state.plan == before && state.undoStack.isEmpty)
    }

    @Test func aFailureSaysWhy() {
        var state = Fixtures.state()
        _ = reduce(&state, .autoAllocate(AllocationSettings(for: state.plan)))
        _ = reduce(&state, .allocationProgress("Auto-allocate: training the plan 50 steps…"))
        #expect(state.message?.text == "Auto-allocate: training the plan 50 steps…")
        _ = reduce(&state, .allocationFailed("the budget 10 is below what the minimum ranks need"))
        #expect(!state.allocation.isRunning)
        #expect(state.message == StatusMessage("Auto-allocate failed: the budget 10 is below what the minimum ranks need",
                                               kind: .error))
    }

    /// `:auto SIGNAL` allocates the current plan's count by `SIGNAL` without the dialog; a misspelt signal is named.
    @Test func theCommandLineAllocatesBySignal() {
        func submitted(_ line: String) -> (AppState, [Effect]) {
            var state = Fixtures.state()
            _ = reduce(&state, .openCommandLine)
            for character in line { _ = reduce(&state, .commandEdit(.insert(character))) }
            let effects = reduce(&state, .commandSubmit)
            return (state, effects)
        }
        let (state, effects) = submitted("auto uniform")
        guard case let .allocate(request)? = effects.first else { Issue.record("\(effects)"); return }
        #expect(request.settings == AllocationSettings(for: state.plan, signal: .uniform))
        let (refused, none) = submitted("auto entropyy")
        #expect(none.isEmpty && refused.message?.kind == .error)
        #expect(refused.message?.text.hasPrefix("unknown signal `entropyy`") == true, "\(refused.message?.text ?? "")")
    }
}
