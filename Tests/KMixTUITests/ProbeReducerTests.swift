import Testing
@testable import KMix
@testable import KMixTUI

@Suite struct ProbeReducerTests {
    @Test func requestingAProbeStartsItOnceWithAFreshClassifier() {
        var state = Fixtures.state()
        let effects = reduce(&state, .requestProbe)
        guard case let .probe(request)? = effects.first else {
            Issue.record("expected a probe effect, got \(effects)")
            return
        }
        #expect(request == ProbeRequest(runFolder: nil))
        #expect(state.probe.isRunning)
        #expect(state.message?.text.contains("Probing") == true)
        #expect(reduce(&state, .requestProbe).isEmpty)
    }

    @Test func aFinishedRunIsProbedWithItsAdapters() {
        var state = Fixtures.state()
        state.training.status = .finished(stopped: false)
        state.training.runFolder = "runs/a"
        guard case let .probe(request)? = reduce(&state, .requestProbe).first else {
            Issue.record("expected a probe effect")
            return
        }
        #expect(request.runFolder == "runs/a")
    }

    @Test func theProbeIsRefusedWithoutDataOrWhileTraining() {
        var state = Fixtures.state()
        state.hasData = false
        #expect(reduce(&state, .requestProbe).isEmpty)
        #expect(state.message?.kind == .error)
        state = Fixtures.state()
        state.training.status = .running
        #expect(reduce(&state, .requestProbe).isEmpty)
        #expect(!state.probe.isRunning)
        #expect(state.message?.kind == .error)
    }

    @Test func finishedStatisticsBecomeHeatMapMetrics() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestProbe)
        let statistics = Fixtures.statistics()
        _ = reduce(&state, .probeFinished(statistics))
        #expect(!state.probe.isRunning)
        #expect(state.probe.statistics == statistics)
        #expect(state.metric == .entropy)
        #expect(state.message?.text == "Probed 256 sentences; m shows entropy, distance, importance")
        #expect(state.metricValues(.distance)[1][2] == Double(statistics.distance[1][2]))
        _ = reduce(&state, .cycleMetric)
        #expect(state.metric == .distance)
        _ = reduce(&state, .cycleMetric)
        #expect(state.metric == .importance)
        _ = reduce(&state, .cycleMetric)
        #expect(state.metric == .rank)
    }

    @Test func aFailedProbeSaysWhy() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestProbe)
        _ = reduce(&state, .probeFailed("no dev set"))
        #expect(!state.probe.isRunning)
        #expect(state.message == StatusMessage("The probe failed: no dev set", kind: .error))
    }

    @Test func theStatusBarSaysProbingUntilItFinishes() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestProbe)
        _ = reduce(&state, .move(layers: 1, heads: 0))
        _ = reduce(&state, .notify(StatusMessage("Saved")))
        #expect(RootView.render(state, width: 80, height: 24, options: RenderOptions()).text.contains("probing… · Saved"))
        _ = reduce(&state, .probeFinished(Fixtures.statistics()))
        #expect(!RootView.render(state, width: 80, height: 24, options: RenderOptions()).text.contains("probing…"))
    }

    @Test func pRunsTheProbe() {
        guard case .requestProbe? = KeyMap.standard.action(for: .character("P"), in: Fixtures.state()) else {
            Issue.record("P should probe")
            return
        }
    }
}
