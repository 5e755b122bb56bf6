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
        #expect(request == ProbeRequest(runFolder: nil, data: DataSource(.task(.sst2, folder: nil))))
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
        state.data = Fixtures.missingData()
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

    @Test func statisticsSayWhatTheyDescribe() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestProbe)
        _ = reduce(&state, .probeFinished(Fixtures.statistics()))
        #expect(state.probe.subject == .untrained)
        #expect(!state.probeIsOutdated)
        #expect(state.message?.text == "Probed 256 sentences; m shows entropy, distance, importance")
        let text = RootView.render(state, width: 120, height: 36, options: RenderOptions()).text
        #expect(text.contains("probe: before training") && !text.contains("outdated"), "\(text)")
    }

    /// Statistics taken before a run stay, marked as describing the untrained model, once the run trains.
    @Test func trainingMarksEarlierStatisticsOutdated() {
        var state = Fixtures.state()
        _ = reduce(&state, .requestProbe)
        _ = reduce(&state, .probeFinished(Fixtures.statistics()))
        _ = reduce(&state, .trainingPreparing(runFolder: "runs/x"))
        #expect(!state.probeIsOutdated)
        _ = reduce(&state, .trainingEvent(Fixtures.step(1, loss: 0.7)))
        #expect(state.probeIsOutdated)
        state.screen = .heads
        let text = RootView.render(state, width: 120, height: 36, options: RenderOptions()).text
        #expect(text.contains("probe: before training") && text.contains("outdated: P probes again"), "\(text)")
        #expect(text.contains("attention entropy (before training)"), "\(text)")
    }

    @Test func aRunsStatisticsNameItsStep() {
        var state = Fixtures.state()
        state.training.status = .finished(stopped: false)
        state.training.runFolder = "runs/sst2-demo"
        state.training.step = 32
        _ = reduce(&state, .requestProbe)
        _ = reduce(&state, .probeFinished(Fixtures.statistics()))
        #expect(state.probe.subject == .run(folder: "runs/sst2-demo", step: 32))
        #expect(state.probe.subject?.label == "step 32 of sst2-demo")
        #expect(!state.probeIsOutdated)
        _ = reduce(&state, .runOpened(OpenedRun(folder: "runs/other", plan: state.plan, history: MetricsLog(), norms: nil)))
        #expect(state.probeIsOutdated)
    }

    @Test func pRunsTheProbe() {
        guard case .requestProbe? = KeyMap.standard.action(for: .character("P"), in: Fixtures.state()) else {
            Issue.record("P should probe")
            return
        }
    }
}
