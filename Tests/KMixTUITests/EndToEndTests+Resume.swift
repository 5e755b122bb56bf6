import Foundation
import Testing
@testable import KMix

extension EndToEndTests {
    /// A run started in `kmix-tui` is an ordinary run folder: stopped part way, it is continued to its end by
    /// `kmix train --resume` (the same engine service starts both, with checkpoints).
    @Test(.enabled(if: enabled), .timeLimit(.minutes(3)))
    func aRunStartedInTheAppResumesWithKmixTrain() throws {
        let (tmux, folder) = try Self.freshShell()
        defer { Self.discard(tmux, folder) }
        try Self.launch(tmux)
        _ = try tmux.wait { $0.contains("Heads ·") }
        try tmux.send("t")
        _ = try tmux.wait { $0.contains("Start training") }
        // Data, then Max steps 40; Epochs, Batch size and Learning rate as they are; Max train rows 640.
        try tmux.send("Down")
        try tmux.send("C-u")
        try tmux.send("40", literal: true)
        for _ in 0..<4 { try tmux.send("Down") }
        try tmux.send("C-u")
        try tmux.send("640", literal: true)
        try tmux.send("Enter")
        var screen = try tmux.wait(seconds: 60) { (Self.stepCount($0) ?? 0) >= 5 }
        try tmux.send("x")
        _ = try tmux.wait { $0.contains("Stop training?") }
        try tmux.send("y")
        screen = try tmux.wait(seconds: 60) { $0.contains("training: stopped") }
        let stoppedAt = try #require(Self.stepCount(screen), "\(screen)")
        #expect(stoppedAt < 40, "stopped part way:\n\(screen)")
        try tmux.send("q")
        _ = try tmux.wait(seconds: 30) { Self.exited($0) }

        let runs = folder.appendingPathComponent("runs")
        let run = try #require(try FileManager.default.contentsOfDirectory(atPath: runs.path).first)
        let kmix = URL(fileURLWithPath: Self.binary).deletingLastPathComponent().appendingPathComponent("kmix").path
        try tmux.send("\(kmix) train --resume runs/\(run); echo RESUME-EXITED $?", literal: true)
        try tmux.send("Enter")
        screen = try tmux.wait(seconds: 120) { $0.split(separator: "\n").contains { $0.hasPrefix("RESUME-EXITED ") } }
        #expect(screen.contains("resuming ") && screen.contains("from step \(stoppedAt)"), "\(screen)")
        #expect(screen.contains("finished after 40 steps") && screen.contains("RESUME-EXITED 0"), "\(screen)")
    }
}
