import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// The runs screen over two run folders written by the engine: listing, status, selection, order and the curves.
@Suite struct RunsScreenTests {
    /// A state on the runs screen with the runs of `folder` read (through the effect the reducer asks for).
    static func listed(_ folder: String) throws -> AppState {
        var state = Fixtures.state()
        guard case let .readRuns(asked)? = reduce(&state, .showRuns(folder: folder)).first else {
            throw RunListingError(description: "no read asked for")
        }
        #expect(state.screen == .runs && state.runs.isReading)
        _ = reduce(&state, .runsRead(try RunListing.read(asked, shape: Fixtures.shape)))
        return state
    }

    @Test func anExperimentFolderListsItsRunsFolder() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        try folders.writeTwo()
        let listing = try RunListing.read(folders.root.path, shape: Fixtures.shape, now: Date())
        #expect(listing.location == folders.root.appendingPathComponent("runs").path)
        #expect(listing.runs.map(\.name) == ["a-paper", "b-lora"])
        let (a, b) = (listing.runs[0], listing.runs[1])
        #expect(a.plan == "paper-nlu" && b.plan == "lora-r8")
        #expect(a.parameters == AdapterPlan(preset: .paperNLU, shape: Fixtures.shape).adapterParameters.total)
        #expect(a.seed == 42 && b.seed == 43)
        #expect(a.step == 8 && a.totalSteps == 8 && a.status == .finished)
        #expect(b.step == 6 && b.totalSteps == 24 && b.status == .stopped)
        #expect(a.latestAccuracy == 0.8 && b.latestAccuracy == 0.75)
        #expect(a.loss.count == 8 && a.accuracy.map(\.x) == [4, 8])
    }

    @Test func aRunWithoutItsFinalSaveIsRunningThenFailed() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        try folders.write("c-cut", plan: AdapterPlan(preset: .paperNLU, shape: Fixtures.shape), seed: 1, steps: 3,
                          stepsPerEpoch: 8, saved: false) { _ in 0.5 }
        let runs = folders.root.appendingPathComponent("runs").path
        #expect(try RunListing.read(runs, shape: Fixtures.shape, now: Date()).runs.map(\.status) == [.running])
        #expect(try RunListing.read(runs, shape: Fixtures.shape, now: Date().addingTimeInterval(3_600)).runs.map(\.status)
                == [.failed])
        #expect(throws: RunListingError(description: "\(runs)/c-cut/plan.json is not a folder")) {
            try RunListing.read(runs + "/c-cut/plan.json", shape: Fixtures.shape)
        }
    }

    @Test func selectedRunsAreComparedInTheirOwnColours() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        try folders.writeTwo()
        var state = try Self.listed(folders.root.path)
        #expect(state.message?.text == "2 runs in \(folders.root.path)/runs")
        #expect(state.runs.compared.map(\.name) == ["a-paper"], "the run under the cursor when none is selected")
        _ = reduce(&state, .toggleRunSelection)
        _ = reduce(&state, .move(layers: 1, heads: 0))
        _ = reduce(&state, .toggleRunSelection)
        #expect(state.runs.compared.map(\.name) == ["a-paper", "b-lora"])
        #expect(state.runs.rows.map { state.runColor($0) } == [.series1, .series2])
        _ = reduce(&state, .move(layers: -5, heads: 0))
        _ = reduce(&state, .toggleRunSelection)
        #expect(state.runs.compared.map(\.name) == ["b-lora"] && state.runColor(state.runs.rows[1]) == .series1)
        #expect(state.cursor == Fixtures.state().cursor, "moving on the runs screen leaves the heads' cursor")
    }

    @Test func sortingByAccuracyKeepsTheCursorOnItsRun() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        try folders.writeTwo()
        try folders.write("0-early", plan: AdapterPlan(preset: .uniform(rank: 2), shape: Fixtures.shape), seed: 7, steps: 4,
                          stepsPerEpoch: 4) { _ in 0.6 }
        var state = try Self.listed(folders.root.path)
        #expect(state.runs.rows.map(\.name) == ["0-early", "a-paper", "b-lora"])
        _ = reduce(&state, .move(layers: 2, heads: 0))
        _ = reduce(&state, .cycleRunSort)
        #expect(state.runs.rows.map(\.name) == ["a-paper", "b-lora", "0-early"])
        #expect(state.runs.current?.name == "b-lora")
        #expect(state.message?.text == "Runs by dev accuracy, best first")
    }

    @Test func enterOpensTheRunUnderTheCursor() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        try folders.writeTwo()
        var state = try Self.listed(folders.root.path)
        _ = reduce(&state, .move(layers: 1, heads: 0))
        guard let action = KeyMap.standard.action(for: .enter, in: state), case .openListedRun = action else {
            Issue.record("Enter does not open the listed run")
            return
        }
        let effects = reduce(&state, action)
        guard case let .openRun(path)? = effects.first else { Issue.record("no run opened: \(effects)"); return }
        #expect(path == folders.root.appendingPathComponent("runs/b-lora").path)
    }

    @Test func aMissingFolderSaysSoAndHowToGetRuns() throws {
        var state = Fixtures.state()
        _ = reduce(&state, .showRuns(folder: "no/such/folder"))
        _ = reduce(&state, .runsReadFailed(folder: "no/such/folder", reason: "no/such/folder is not a folder"))
        let text = RootView.render(state, width: 100, height: 30, options: RenderOptions()).text
        #expect(text.contains("no/such/folder is not a folder: train one (t), or list another folder with :runs DIR"), "\(text)")
    }
}
