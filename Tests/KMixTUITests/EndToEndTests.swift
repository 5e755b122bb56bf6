import Foundation
import Testing
@testable import KMix

/// The real `kmix-tui` in tmux on the real model. Runs with `KMIX_TUI_E2E=1` (set by `scripts/test`, so
/// by CI), using the `kmix-tui` built beside the test bundle, or `KMIX_TUI_BINARY`; it builds nothing,
/// and fails rather than skips when the binary is missing.
@Suite struct EndToEndTests {
    static let binary: String = ProcessInfo.processInfo.environment["KMIX_TUI_BINARY"]
        ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("kmix-tui").path
    static let enabled = ProcessInfo.processInfo.environment["KMIX_TUI_E2E"] == "1"

    /// The first number after "Adapters " on screen.
    static func adapterCount(_ screen: String) -> Int? {
        guard let range = screen.range(of: "Adapters ") else { return nil }
        let digits = screen[range.upperBound...].prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
        return Int(digits)
    }

    @Test(.enabled(if: enabled), .timeLimit(.minutes(2)))
    func editSaveAndQuitInTmux() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-tui-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let tmux = Tmux()
        defer { tmux.kill() }
        try tmux.start(width: 100, height: 30, folder: folder)
        _ = try tmux.wait { $0.contains("e2e$") }
        try tmux.send("\(Self.binary); echo KMIX-EXITED", literal: true)
        try tmux.send("Enter")

        var screen = try tmux.wait { $0.contains("Heads ·") && $0.contains("L5") }
        #expect(screen.contains("Heads ·"), "heads grid not shown:\n\(screen)")
        let shape = AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384)
        let start = try #require(Self.adapterCount(screen))
        #expect(start == AdapterPlan(preset: .paperNLU, shape: shape).adapterParameters.total)

        try tmux.send("+")
        screen = try tmux.wait { Self.adapterCount($0) != start }
        #expect(Self.adapterCount(screen) == start + 384 + 32, "+ did not add one query rank:\n\(screen)")

        try tmux.send("p")
        _ = try tmux.wait { $0.contains("Preset") && $0.contains("Esc cancel") }
        try tmux.send("uniform-4", literal: true)
        try tmux.send("Enter")
        let uniform = AdapterPlan(preset: .uniform(rank: 4), shape: shape)
        screen = try tmux.wait { Self.adapterCount($0) == uniform.adapterParameters.total }
        #expect(Self.adapterCount(screen) == uniform.adapterParameters.total, "preset not applied:\n\(screen)")

        try tmux.send("s")
        _ = try tmux.wait { $0.contains("Save plan") }
        try tmux.send("C-u")
        try tmux.send("saved-plan.json", literal: true)
        try tmux.send("Enter")
        screen = try tmux.wait { $0.contains("Saved the plan") }
        let saved = try AdapterPlan.load(from: folder.appendingPathComponent("saved-plan.json"), for: shape)
        #expect(saved == uniform)

        try tmux.send("q")
        screen = try tmux.wait { $0.contains("KMIX-EXITED") && $0.split(separator: "\n").last?.hasPrefix("e2e$") == true }
        #expect(screen.contains("KMIX-EXITED"))
        #expect(screen.split(separator: "\n").last?.hasPrefix("e2e$") == true, "no shell prompt after quitting:\n\(screen)")
        #expect(!screen.contains("┌") && !screen.contains("Adapters"), "curses residue after quitting:\n\(screen)")
    }
}
