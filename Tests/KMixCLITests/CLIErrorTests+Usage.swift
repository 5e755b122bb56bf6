import Foundation
import KMixTestSupport
import Testing
@testable import KMix

/// A refused command line shows the usage of the command that refused it, not the root's.
extension CLIErrorTests {
    /// Expects `arguments` to fail with status 64: `Error: …`, then (after a `Help:` line for a missing option)
    /// `Usage: kmix COMMAND …`, then the help hint of `command` (e.g. `kmix train`).
    func expectUsage(of command: String, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try KMixBinary.run(arguments)
        let lines = result.error.split(separator: "\n").map(String.init)
        #expect(result.status == 64, "\(arguments): \(result.error)", sourceLocation: sourceLocation)
        #expect(lines.first?.hasPrefix("Error: ") == true, "\(result.error)", sourceLocation: sourceLocation)
        #expect(lines.first { $0.hasPrefix("Usage: ") }?.hasPrefix("Usage: \(command) ") == true, "\(arguments): \(result.error)",
                sourceLocation: sourceLocation)
        #expect(lines.last == "  See '\(command) --help' for more information.", "\(result.error)", sourceLocation: sourceLocation)
        #expect(!result.error.contains("<subcommand>"), "\(result.error)", sourceLocation: sourceLocation)
    }

    @Test func errorsFoundWhileRunningShowTheCommandsUsage() throws {
        try expectUsage(of: "kmix train", ["train", "--preset", "none", "--out", folder.appendingPathComponent("r").path])
        try expectUsage(of: "kmix probe", ["probe"])
    }

    @Test func errorsFoundWhileParsingShowTheCommandsUsage() throws {
        for command in [["inspect"], ["embed"], ["plan", "show"], ["plan", "preset"], ["plan", "init"], ["train"], ["eval"],
                        ["predict"], ["probe"], ["export"], ["import"], ["verify-export"], ["fetch-model"]] {
            try expectUsage(of: "kmix " + command.joined(separator: " "), command + ["--no-such-option"])
        }
    }
}
