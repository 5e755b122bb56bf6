import Foundation
import Testing
@testable import KMix

extension EndToEndTests {
    /// The terminal of `kmix-tui` closes mid-training (SIGHUP): the run stops after its step, saves its adapters
    /// and a checkpoint, the process ends with status 129 (128 + SIGHUP), and `kmix train --resume` continues it.
    @Test(.enabled(if: enabled), .timeLimit(.minutes(3)))
    func aClosedTerminalSavesTheRun() throws {
        let (tmux, folder) = try Self.freshShell()
        defer { Self.discard(tmux, folder) }
        try Self.launch(tmux)
        _ = try tmux.wait { $0.contains("Heads ·") }
        try tmux.send("t")
        _ = try tmux.wait { $0.contains("Start training") }
        try tmux.send("Down")
        try tmux.send("C-u")
        try tmux.send("200", literal: true)
        try tmux.send("Enter")
        _ = try tmux.wait(seconds: 60) { (Self.stepCount($0) ?? 0) >= 3 }
        let shell = try #require(Int32(tmux.run(["display-message", "-p", "-t", tmux.session, "#{pane_pid}"])
            .trimmingCharacters(in: .whitespacesAndNewlines)))
        let app = try #require(Self.child(of: shell), "kmix-tui's process")
        #expect(kill(app, SIGHUP) == 0)
        let screen = try tmux.wait(seconds: 60) { Self.exited($0) }
        #expect(Self.exited(screen, status: 129), "\(screen)")

        let runs = folder.appendingPathComponent("runs")
        let run = runs.appendingPathComponent(try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first))
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("adapters.safetensors").path))
        let configuration = try RunConfiguration.load(fromRun: run)
        let saved = CheckpointFolder(runFolder: run, runID: configuration.runID).steps()
        #expect(saved.count == 1 && saved[0] >= 3 && saved[0] < 200, "a checkpoint at the step it stopped: \(saved)")
    }

    /// The first child process of `parent`, by `/proc`.
    static func child(of parent: Int32) -> Int32? {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return tasks.compactMap(Int32.init).first { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            return fields.count > 2 && Int32(fields[1]) == parent
        }
    }
}
