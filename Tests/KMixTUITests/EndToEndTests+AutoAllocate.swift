import Foundation
import Testing
@testable import KMix

extension EndToEndTests {
    /// `a` on the real model: half paper-nlu's count spread by the uniform signal (no warm-up, so fast) is proposed
    /// as each head's rank change, Enter applies within 2 % of the budget, `u` brings paper-nlu back.
    @Test(.enabled(if: enabled), .timeLimit(.minutes(2)))
    func autoAllocateProposesAppliesAndUndoes() throws {
        let (tmux, folder) = try Self.freshShell()
        defer { Self.discard(tmux, folder) }
        try Self.launch(tmux)
        var screen = try tmux.wait { $0.contains("Heads ·") && $0.contains("L5") }
        let start = try #require(Self.adapterCount(screen), "\(screen)")
        let budget = start / 2

        try tmux.send("a")
        _ = try tmux.wait { $0.contains("Auto-allocate") && $0.contains("Signal") }
        try tmux.send("C-u")
        try tmux.send("\(budget)", literal: true)
        try tmux.send("Down")
        try tmux.send("C-u")
        try tmux.send("uniform", literal: true)
        try tmux.send("Enter")
        screen = try tmux.wait(seconds: 60) { $0.contains("Enter applies") || $0.contains("failed") }
        #expect(screen.contains("Heads · proposed Q ranks − current") && screen.contains("Q rank change"), "\(screen)")
        #expect(screen.contains("of \(budget.grouped) ("), "the proposal's count against the budget:\n\(screen)")
        #expect(Self.adapterCount(screen) == start, "a proposal changes nothing until applied:\n\(screen)")

        try tmux.send("Enter")
        screen = try tmux.wait { $0.contains("Applied the uniform allocation") }
        let applied = try #require(Self.adapterCount(screen), "\(screen)")
        #expect(applied <= budget && Double(applied) >= 0.98 * Double(budget), "\(applied) for a budget of \(budget)")
        #expect(!screen.contains("proposed Q ranks"), "\(screen)")

        try tmux.send("u")
        screen = try tmux.wait { Self.adapterCount($0) == start }
        #expect(Self.adapterCount(screen) == start, "undo did not bring paper-nlu back:\n\(screen)")
        try tmux.send("q")
        screen = try tmux.wait { Self.exited($0) }
        #expect(Self.exited(screen, status: 0), "\(screen)")
    }
}
