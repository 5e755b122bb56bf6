import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// Auto-allocate and the runs screen through the app's loop and the plain backend: the keys a user presses, the
/// background job's result, and the frames drawn.
extension AppTests {
    @Test func autoAllocateShowsTheDifferenceThenAppliesAndUndoes() throws {
        let training = FakeTraining()
        let before = Fixtures.state().plan
        let (app, backend) = run([.key(.character("a")), .waitFor("Auto-allocate"), .key(.control("u"))]
                                 + PlainBackend.typing("60000") + [.key(.enter), .waitFor("Enter applies"),
                                                                    .key(.enter), .waitFor("Applied the importance allocation"),
                                                                    .key(.character("u")), .waitFor("Undone"),
                                                                    .key(.character("q"))],
                                 training: training)
        #expect(training.record.withLock { $0.effects } == ["allocate"])
        let proposed = try #require(backend.frames.first { $0.text.contains("Enter applies") })
        let text = proposed.text
        #expect(text.contains("Heads · proposed Q ranks − current"))
        #expect(text.contains("Q rank change") && text.contains("proposed 60,000 of 60,000 (100.00 %)"))
        #expect(text.contains("Q rank 1   → 1   proposed") && text.contains("O rank 2   → 1   proposed"),
                "the head's proposed ranks beside its current ones")
        #expect(text.contains("L1     -1    -1"), "each head's change, signed")
        let codes = proposed.styleCodes { $0.background.code }
        #expect(codes.contains("D") || codes.contains("d"), "decreases take the decrease colours")
        let applied = try #require(backend.frames.first { $0.text.contains("Applied the importance allocation") })
        #expect(!applied.text.contains("proposed Q ranks") && applied.text.contains("Heads · Q rank"))
        #expect(app.state.plan == before, "undone")
        #expect(app.state.redoStack.last.map { $0.adapterParameters.total <= 60_000 } == true)
        #expect(app.state.shouldQuit)
    }

    @Test func theRunsScreenListsAFolderAndOverlaysTheSelectedRuns() throws {
        let folders = try RunFolders()
        defer { folders.remove() }
        try folders.writeTwo()
        let (_, backend) = run(PlainBackend.typing(":runs \(folders.root.path)") + [.key(.enter), .waitFor("2 runs in"),
                                                                                     .key(.character("v")), .key(.character("j")),
                                                                                     .key(.character("v")), .key(.character("q"))])
        let text = backend.screen.text
        #expect(text.contains("Runs in \(folders.root.path)/runs"), "\(text)")
        let rows = text.split(separator: "\n").map(String.init)
        let a = try #require(rows.first { $0.contains("a-paper") && $0.contains("paper-nlu") })
        let b = try #require(rows.first { $0.contains("b-lora") && $0.contains("lora-r8") })
        #expect(a.contains(" 42 ") && a.contains("8/8") && a.contains("80.0 %") && a.contains("finished"), "\(a)")
        #expect(b.contains(" 43 ") && b.contains("6/24") && b.contains("75.0 %") && b.contains("stopped"), "\(b)")
        #expect(text.contains("Training loss (smoothed)") && text.contains("Dev accuracy"))
        let legend = try #require(rows.first { $0.contains("Training loss") }.flatMap { rows.firstIndex(of: $0) }.map { rows[$0 + 1] })
        #expect(legend.components(separatedBy: "a-paper").count == 3 && legend.components(separatedBy: "b-lora").count == 3,
                "both charts name both runs:\n\(text)")
        let codes = backend.screen.styleCodes { $0.foreground.code }
        #expect(codes.contains("x") && codes.contains("y"), "each run in its own series colour")
    }
}
