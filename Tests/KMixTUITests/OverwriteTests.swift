import Foundation
import Testing
@testable import KMix
@testable import KMixTUI

/// `:save PATH` onto a file that exists and is not the session's own plan file asks first: n keeps the file,
/// y overwrites it; the file the session opened or saved is saved again without asking.
@Suite struct OverwriteTests {
    /// `important.txt`, holding "keep me", in a new temporary folder that the caller removes.
    static func someoneElsesFile() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-overwrite-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("important.txt")
        try Data("keep me".utf8).write(to: file)
        return file
    }

    @Test func savingOverAnotherFileAsksAndNoKeepsIt() throws {
        let file = try Self.someoneElsesFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let save = PlainBackend.typing(":save \(file.path)") + [.key(.enter)]
        let backend = PlainBackend(width: 120, height: 36, script: save + [.waitFor("Overwrite"), .key(.character("n"))]
            + save + [.waitFor("Overwrite"), .key(.character("y")), .waitFor("Saved the plan"), .key(.character("+"))]
            + save + [.waitFor("Saved the plan"), .key(.character("q")), .key(.character("y"))])
        let app = App(state: Fixtures.state(), backend: backend, training: nil, options: RenderOptions(), frame: .milliseconds(2))
        app.run()
        let asked = backend.frames.filter { $0.text.contains("Overwrite \(file.path)?") }.count
        #expect(asked >= 2, "asked before each of the first two saves")
        var expected = Fixtures.state()
        _ = reduce(&expected, .changeRank(1))
        #expect(try AdapterPlan.load(from: file, for: Fixtures.shape) == expected.plan, "the third save went ahead without asking")
        #expect(app.state.ownedPlanFile == file.path)
    }

    @Test func noAnswerLeavesTheFileAsItWas() throws {
        let file = try Self.someoneElsesFile()
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let backend = PlainBackend(width: 120, height: 36, script: PlainBackend.typing(":save \(file.path)") + [.key(.enter)]
            + [.waitFor("Overwrite"), .key(.escape), .key(.character("q"))])
        App(state: Fixtures.state(), backend: backend, training: nil, options: RenderOptions(), frame: .milliseconds(2)).run()
        #expect(try String(contentsOf: file, encoding: .utf8) == "keep me")
    }
}
