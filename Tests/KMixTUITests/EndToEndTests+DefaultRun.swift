import Foundation
import Testing
@testable import KMix

extension EndToEndTests {
    /// A new user's first run: `kmix-tui` in an empty folder, `t`, Enter. On the shipped SST-2 sample the default
    /// run (paper-nlu, lr 2e-3, every row, one epoch) must learn the task: at least 80 % dev accuracy, where always
    /// answering the majority label scores 50.92 %.
    @Test(.enabled(if: enabled), .timeLimit(.minutes(5)))
    func theDefaultRunLearns() throws {
        let (tmux, folder) = try Self.freshShell()
        defer { Self.discard(tmux, folder) }
        try Self.launch(tmux)
        _ = try tmux.wait { $0.contains("Heads ·") && $0.contains("(sample)") }
        try tmux.send("t")
        _ = try tmux.wait { $0.contains("Start training") }
        try tmux.send("Enter")
        let screen = try tmux.wait(seconds: 240) { $0.contains("training: finished") || $0.contains("training: failed") }
        let line = try #require(screen.split(separator: "\n").first { $0.contains("finished after") }, "\(screen)")
        let accuracy = try #require(line.range(of: "dev accuracy ").flatMap { Double(line[$0.upperBound...].prefix { $0.isNumber || $0 == "." }) },
                                    "\(screen)")
        #expect(accuracy >= 80, "the default run reached \(accuracy) %:\n\(screen)")
        #expect(screen.contains("250/250") || screen.contains("step 250/250"), "one epoch of the 8,000 rows:\n\(screen)")
        try tmux.send("q")
        _ = try tmux.wait(seconds: 30) { Self.exited($0) }
    }
}
