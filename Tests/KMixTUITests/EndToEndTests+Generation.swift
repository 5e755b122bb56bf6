import Foundation
import Testing
@testable import KMix

extension EndToEndTests {
    /// The tiny GPT-2 of the engine's fixtures (random weights, so its samples are gibberish, but decoded for real).
    static let tinyGPT2 = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("KMixTests/Fixtures/families/tiny-gpt2").path

    /// A decoder in `kmix-tui` starts on E2E with the paper-nlg plan; a short run evaluated every 10 steps shows its dev
    /// perplexity and the samples panel, and its end names the perplexity and `kmix eval`.
    @Test(.enabled(if: enabled), .timeLimit(.minutes(3)))
    func aDecoderTrainsOnE2EAndShowsWhatItWrites() throws {
        let (tmux, folder) = try Self.freshShell(width: 100, height: 30)
        defer { Self.discard(tmux, folder) }
        try Self.launch(tmux, "--model \(Self.tinyGPT2)")
        var screen = try tmux.wait { $0.contains("Heads ·") && $0.contains("E2E data in") }
        #expect(screen.contains("shared ranks q 12 v 8 o 8"), "not the paper-nlg plan:\n\(screen)")
        try tmux.send("t")
        screen = try tmux.wait { $0.contains("Start training") }
        #expect(screen.contains("Data           e2e"), "the Data field does not start on E2E:\n\(screen)")
        // Max steps 20, Batch size 8, Max train rows 160, Evaluate every 10.
        try tmux.send("Down")
        for (value, last) in [("20", false), ("", false), ("8", false), ("0.002", false), ("160", false), ("10", true)] {
            try tmux.send("C-u")
            if !value.isEmpty { try tmux.send(value, literal: true) }
            try tmux.send(last ? "Enter" : "Tab")
        }
        screen = try tmux.wait(seconds: 90) { $0.contains("Samples written at step 10") || $0.contains("training: failed") }
        #expect(screen.contains("Samples written at step 10"), "no samples:\n\(screen)")
        #expect(screen.contains("Dev perplexity") && screen.contains("dev ppl "), "no perplexity:\n\(screen)")
        #expect(screen.contains("1 src name[") && screen.contains("  out ") && screen.contains("  ref "), "\(screen)")
        #expect(!screen.contains("Dev accuracy"), "\(screen)")
        screen = try tmux.wait(seconds: 90) { $0.contains("training: finished") }
        #expect(screen.contains("Samples written at step 20"), "\(screen)")
        #expect(screen.contains("Finished after 20 steps: dev perplexity "), "\(screen)")
        try tmux.send("q")
        _ = try tmux.wait(seconds: 30) { Self.exited($0) }
    }
}
