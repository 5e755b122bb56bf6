import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// The app's loop, effects and quit path, driven through the plain backend: keys from a script, frames in memory.
@Suite struct AppTests {
    /// Runs an app on `state` with `script` in a 120 × 36 terminal until it quits.
    func run(_ script: [PlainBackend.Step], state: AppState = Fixtures.state(),
             training: (any TrainingRunner)? = nil) -> (App, PlainBackend) {
        let backend = PlainBackend(width: 120, height: 36, script: script)
        let app = App(state: state, backend: backend, training: training, options: RenderOptions(), frame: .milliseconds(2))
        app.run()
        return (app, backend)
    }

    func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-app-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func keysThatEditThePlanThenSaveWriteTheFile() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("plan.json")
        let (app, backend) = run([.key(.character("+"))] + PlainBackend.typing(":save \(file.path)") + [.key(.enter)]
                                 + [.waitFor("Saved the plan"), .key(.character("q"))])
        var expected = Fixtures.state()
        _ = reduce(&expected, .changeRank(1))
        #expect(try AdapterPlan.load(from: file, for: Fixtures.shape) == expected.plan)
        #expect(app.state.shouldQuit && backend.isClosed)
        #expect(backend.screen.text.contains("Saved the plan to \(file.path)"))
    }

    @Test func quittingWithUnsavedChangesAsksAndYesQuits() {
        let (app, backend) = run([.key(.character("+")), .key(.character("q")), .key(.character("n")),
                                  .key(.character("q")), .key(.character("y"))])
        #expect(backend.frames.map { $0.text.contains("Quit?") } == [false, false, true, false, true],
                "one frame per change: the start, +, the question, n, the question again")
        #expect(backend.screen.text.contains("quitting loses them"))
        #expect(app.state.shouldQuit && backend.isClosed)
    }

    @Test func aResizeRedrawsAtTheNewSize() {
        let (app, backend) = run([.resize(width: 100, height: 30), .resize(width: 60, height: 20), .key(.control("z")),
                                  .key(.character("q"))])
        #expect(backend.frames.map { [$0.width, $0.height] } == [[120, 36], [100, 30], [60, 20], [60, 20]])
        #expect(backend.invalidations == 2 && backend.suspensions == 1)
        #expect(backend.frames[1].text.contains("Heads"))
        #expect(backend.frames[2].text.contains("Terminal too small: 60×20"))
        #expect(app.state.shouldQuit, "q quits behind the too-small message")
    }

    @Test func failedEffectsShowErrors() throws {
        let folder = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("a-file")
        try Data().write(to: file)
        let (app, backend) = run(PlainBackend.typing(":save \(file.path)/plan.json") + [.key(.enter)]
                                 + PlainBackend.typing(":run \(folder.path)/no-run") + [.key(.enter)]
                                 + [.waitFor("Could not open the run \(folder.path)/no-run")]
                                 + PlainBackend.typing(":theme no-such-theme") + [.key(.enter), .key(.character("q"))])
        #expect(backend.frames.contains { $0.text.contains("Could not save \(file.path)/plan.json") })
        #expect(app.state.message?.kind == .error && app.state.message?.text.hasPrefix("Theme ") == true,
                "\(app.state.message?.text ?? "")")
        #expect(backend.theme == nil)
    }

    @Test func quittingStopsARunningTrainerAndSaysSo() {
        let training = FakeTraining()
        let (app, backend) = run([.key(.character("t")), .key(.enter), .waitFor("running"), .key(.character("q")),
                                  .waitFor("Training is running; quitting stops it"), .key(.character("y"))],
                                 training: training)
        let record = training.record.withLock { $0 }
        #expect(record.launches.count == 1)
        #expect(record.effects == ["stopTraining"])
        #expect(record.stoppedAndWaited && !training.isRunning)
        #expect(backend.screen.text.contains("Stopping training: evaluating and saving the adapters before quitting…"),
                "\(backend.screen.text)")
        #expect(app.state.shouldQuit && backend.isClosed)
    }
}
