import Foundation
import Testing
@testable import KMix

/// The real `kmix-tui` in tmux on the real model. Runs with `KMIX_TUI_E2E=1` (set by `scripts/test`, so
/// by CI), using the `kmix-tui` built beside the test bundle, or `KMIX_TUI_BINARY`; it builds nothing,
/// and fails rather than skips when the binary is missing. Its tests run one at a time, so that two copies of
/// the program on the real model do not share the two cores.
@Suite(.serialized) struct EndToEndTests {
    static let binary: String = ProcessInfo.processInfo.environment["KMIX_TUI_BINARY"]
        ?? URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("kmix-tui").path
    static let enabled = ProcessInfo.processInfo.environment["KMIX_TUI_E2E"] == "1"

    /// A `width` × `height` tmux shell in a new empty folder; give both to `discard` when done.
    static func freshShell(width: Int = 120, height: Int = 36) throws -> (tmux: Tmux, folder: URL) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("kmix-tui-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let tmux = Tmux()
        do { try tmux.startShell(width: width, height: height, folder: folder) } catch {
            discard(tmux, folder)
            throw error
        }
        return (tmux, folder)
    }

    /// Ends the session of `freshShell` and removes its folder.
    static func discard(_ tmux: Tmux, _ folder: URL) {
        tmux.kill()
        try? FileManager.default.removeItem(at: folder)
    }

    /// Starts `kmix-tui` with `arguments` in the shell, with the `environment` assignments (`TERM=…`) and without
    /// `KMIX_DATA` (so that it finds the SST-2 sample shipped beside it), printing `KMIX-EXITED <status>` when it ends.
    static func launch(_ tmux: Tmux, _ arguments: String = "", environment: String = "") throws {
        let command = ["env -u KMIX_DATA", environment, binary, arguments].filter { !$0.isEmpty }.joined(separator: " ")
        try tmux.send("\(command); echo KMIX-EXITED $?", literal: true)
        try tmux.send("Enter")
    }

    /// Whether `screen` shows that `kmix-tui` has ended (with `status`, when given).
    static func exited(_ screen: String, status: Int32? = nil) -> Bool {
        screen.split(separator: "\n").contains { line in
            status.map { line == "KMIX-EXITED \($0)" } ?? line.hasPrefix("KMIX-EXITED ")
        }
    }

    /// The number after "step " in the training view's progress line.
    static func stepCount(_ screen: String) -> Int? {
        guard let range = screen.range(of: " step ") else { return nil }
        return Int(screen[range.upperBound...].prefix { $0.isNumber })
    }

    /// The first number after "Adapters " on screen.
    static func adapterCount(_ screen: String) -> Int? {
        guard let range = screen.range(of: "Adapters ") else { return nil }
        let digits = screen[range.upperBound...].prefix { $0.isNumber || $0 == "," }.filter(\.isNumber)
        return Int(digits)
    }

    @Test(.enabled(if: enabled), .timeLimit(.minutes(2)))
    func editSaveAndQuitInTmux() throws {
        let (tmux, folder) = try Self.freshShell(width: 100, height: 30)
        defer { Self.discard(tmux, folder) }
        // No KMIX_DATA and an empty working folder: the program finds the SST-2 sample shipped beside it.
        try Self.launch(tmux)

        var screen = try tmux.wait { $0.contains("Heads ·") && $0.contains("L5") }
        #expect(screen.contains("Heads ·"), "heads grid not shown:\n\(screen)")
        #expect(screen.contains("SST-2 data in") && screen.contains("/sst2 (sample)"), "the shipped sample not found:\n\(screen)")
        #expect(screen.contains(" F1 Heads ") && screen.contains(" F2 Training "), "tabs do not name their keys:\n\(screen)")
        let shape = AdapterPlan.ModelShape(layerCount: 6, headCount: 12, hiddenSize: 384)
        let start = try #require(Self.adapterCount(screen))
        #expect(start == AdapterPlan(preset: .paperNLU, shape: shape).adapterParameters.total)

        try tmux.send("+")
        screen = try tmux.wait { Self.adapterCount($0) != start }
        #expect(Self.adapterCount(screen) == start + 384 + 32, "+ did not add one query rank:\n\(screen)")

        try commandLine(tmux, shape: shape)

        try tmux.send("P")
        screen = try tmux.wait { $0.contains("Probed") }
        #expect(screen.contains("attention entropy") && screen.contains("nats"), "no probe statistics:\n\(screen)")

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

        try train(tmux, folder: folder)
        try export(tmux, folder: folder)

        // Quitting while a second run trains stops it and saves its adapters first.
        _ = try startTraining(tmux)
        try tmux.send("q")
        _ = try tmux.wait { $0.contains("Quit?") }
        try tmux.send("y")
        screen = try tmux.wait(seconds: 60) {
            Self.exited($0) && $0.split(separator: "\n").last?.hasPrefix("e2e$") == true
        }
        let runs = folder.appendingPathComponent("runs")
        let runFolders = try FileManager.default.contentsOfDirectory(atPath: runs.path)
        #expect(runFolders.count == 2)
        for run in runFolders {
            #expect(FileManager.default.fileExists(atPath: runs.appendingPathComponent("\(run)/adapters.safetensors").path),
                    "\(run) has no adapters after quitting")
        }
        #expect(Self.exited(screen, status: 0))
        #expect(screen.split(separator: "\n").last?.hasPrefix("e2e$") == true, "no shell prompt after quitting:\n\(screen)")
        #expect(!screen.contains("┌") && !screen.contains("Adapters"), "curses residue after quitting:\n\(screen)")
    }

    /// `:pre` Tab completes to `:preset `, `lora-r8` Enter applies it; an unknown command is one sentence; the
    /// terminal's Home, →, ← and Delete keys edit inside the line.
    private func commandLine(_ tmux: Tmux, shape: AdapterPlan.ModelShape) throws {
        try tmux.send(":")
        _ = try tmux.wait { $0.contains("Tab completes") }
        try tmux.send("pre", literal: true)
        try tmux.send("Tab")
        var screen = try tmux.wait { $0.contains(":preset ▏") }
        #expect(screen.contains(":preset ▏"), "Tab did not complete the command:\n\(screen)")
        try tmux.send("lora-r8", literal: true)
        try tmux.send("Enter")
        screen = try tmux.wait { Self.adapterCount($0) == 73_728 }
        #expect(Self.adapterCount(screen) == 73_728, ":preset lora-r8 not applied:\n\(screen)")
        try tmux.send(":foo", literal: true)
        try tmux.send("Enter")
        screen = try tmux.wait { $0.contains("unknown command `foo`; try :help") }
        #expect(screen.contains("unknown command `foo`; try :help"), "no message for an unknown command:\n\(screen)")

        try tmux.send(":prset uniform-2", literal: true)
        for key in ["Home", "Right", "Right"] { try tmux.send(key) }
        try tmux.send("e", literal: true)
        screen = try tmux.wait { $0.contains(":preset uniform-2") }
        #expect(screen.contains(":preset uniform-2"), "Home and → did not move the cursor:\n\(screen)")
        try tmux.send("Enter")
        let uniform = AdapterPlan(preset: .uniform(rank: 2), shape: shape).adapterParameters.total
        screen = try tmux.wait { Self.adapterCount($0) == uniform }
        #expect(Self.adapterCount(screen) == uniform, ":preset uniform-2 not applied:\n\(screen)")
        try tmux.send(":undoo", literal: true)
        try tmux.send("Left")
        try tmux.send("DC")
        try tmux.send("Enter")
        screen = try tmux.wait { Self.adapterCount($0) == 73_728 }
        #expect(Self.adapterCount(screen) == 73_728, "← and Delete did not make :undo:\n\(screen)")
    }

    /// Starts a run of 60 steps on 300 rows of the shipped SST-2 sample and waits for its second step; returns the
    /// screen.
    private func startTraining(_ tmux: Tmux) throws -> String {
        try tmux.send("t")
        let dialog = try tmux.wait { $0.contains("Start training") }
        #expect(dialog.contains("Data           sst2"), "the Data field does not name the task:\n\(dialog)")
        try tmux.send("Down")
        for (value, last) in [("60", false), ("10", false), ("32", false), ("0.0002", false), ("300", false), ("30", true)] {
            try tmux.send("C-u")
            try tmux.send(value, literal: true)
            try tmux.send(last ? "Enter" : "Tab")
        }
        return try tmux.wait(seconds: 30) { $0.contains("training: running") && (Self.stepCount($0) ?? 0) >= 2 }
    }

    /// Starts a run, watches the chart and the norms update, and stops it.
    private func train(_ tmux: Tmux, folder: URL) throws {
        var screen = try startTraining(tmux)
        let first = try #require(Self.stepCount(screen))
        #expect(screen.contains("Training loss") && screen.contains("smoothed"), "no loss chart:\n\(screen)")
        screen = try tmux.wait(seconds: 30) { (Self.stepCount($0) ?? 0) >= first + 5 && !$0.contains("norms appear every") }
        #expect(screen.contains("Adapter norm per head") && screen.contains("Layer 0 heads"), "no norms:\n\(screen)")
        try tmux.send("x")
        _ = try tmux.wait { $0.contains("Stop training?") }
        try tmux.send("y")
        screen = try tmux.wait(seconds: 30) { $0.contains("training: stopped") || $0.contains("training: finished") }
        let runs = folder.appendingPathComponent("runs")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        #expect(FileManager.default.fileExists(atPath: runs.appendingPathComponent("\(run)/adapters.safetensors").path),
                "no adapters saved:\n\(screen)")
    }

    /// Exports the run as PEFT with the default output and checks the files.
    private func export(_ tmux: Tmux, folder: URL) throws {
        try tmux.send("E")
        _ = try tmux.wait { $0.contains("Export run") }
        try tmux.send("Enter")
        let screen = try tmux.wait(seconds: 30) { $0.contains("Exported peft") || $0.contains("Export failed") }
        #expect(screen.contains("Exported peft"), "export failed:\n\(screen)")
        let exports = folder.appendingPathComponent("exports")
        let written = try #require(try FileManager.default.contentsOfDirectory(atPath: exports.path).first)
        let files = try FileManager.default.contentsOfDirectory(atPath: exports.appendingPathComponent(written).path)
        #expect(Set(files).isSuperset(of: ["adapter_config.json", "adapter_model.safetensors"]), "\(files)")
    }
}
